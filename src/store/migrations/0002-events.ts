import type { Kysely } from 'kysely';
import type { StoreDialect } from '../store-dialect.js';

/**
 * The change timeline: host agents' events and deploy marks in one table, so one id orders everything the
 * incident engine reads besides rounds, and one query pages the timeline. A host event is unique by
 * (origin, sequence), which makes an agent's resend harmless; a deploy mark has neither and belongs to
 * the origins listed in `deploy_origins`.
 */
export function eventsMigration(dialect: StoreDialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('events')
        .$call((builder) =>
          dialect === 'postgres'
            ? builder.addColumn('id', 'bigserial', (column) => column.primaryKey())
            : builder.addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement()),
        )
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('origin', 'text')
        .addColumn('sequence', 'bigint')
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('observed_at_ms', 'bigint', (column) => column.notNull())
        .addColumn('received_at_ms', 'bigint', (column) => column.notNull())
        .addColumn('source', 'text', (column) => column.notNull())
        .addColumn('body', 'text', (column) => column.notNull())
        .execute();
      // NULLs are distinct in a unique index (both engines): deploy marks never collide.
      await db.schema
        .createIndex('events_origin_sequence')
        .on('events')
        .columns(['origin', 'sequence'])
        .unique()
        .execute();
      await db.schema.createIndex('events_observed').on('events').columns(['observed_at_ms', 'id']).execute();
      await db.schema
        .createIndex('events_origin_observed')
        .on('events')
        .columns(['origin', 'observed_at_ms'])
        .execute();

      await db.schema
        .createTable('deploy_origins')
        .addColumn('event_id', 'bigint', (column) => column.notNull().references('events.id'))
        .addColumn('origin', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('deploy_origins_key', ['origin', 'event_id'])
        .execute();
    },
  };
}
