import type { Kysely } from 'kysely';

/**
 * The engine's per-location memory: each target's views (one judgement per location) beside its agreed
 * track, and when each location was last heard from beside the snapshot. Without them a node that takes
 * the engine lease over could only seed each target's view from the location it last heard, and an outage
 * two locations see would look like one location's sighting until they failed again. Nullable: a snapshot
 * written before this migration is read the old way.
 */
export function engineViewsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('engine_targets').addColumn('views', 'text').execute();
      await db.schema.alterTable('engine_state').addColumn('locations', 'text').execute();
    },
  };
}
