import { type Kysely, type Migration, Migrator } from 'kysely';
import { FrontdoorError } from '../errors.js';
import { roundsMigration } from './migrations/0001-rounds.js';
import { eventsMigration } from './migrations/0002-events.js';
import { incidentsMigration } from './migrations/0003-incidents.js';
import { leasesMigration } from './migrations/0004-leases.js';
import { engineViewsMigration } from './migrations/0005-engine-views.js';
import type { StoreDialect } from './store-dialect.js';

/**
 * Every migration in order. Names sort in the order they apply; a new table is one more entry here.
 * Kysely records applied names in `kysely_migration` and takes `kysely_migration_lock` while migrating,
 * so two nodes starting at once against one PostgreSQL apply each migration once.
 */
export function listMigrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001-rounds': roundsMigration(dialect),
    '0002-events': eventsMigration(dialect),
    '0003-incidents': incidentsMigration(dialect),
    '0004-leases': leasesMigration(),
    '0005-engine-views': engineViewsMigration(),
  };
}

/**
 * Brings the store's schema to the latest version; applied at every start.
 * @throws FrontdoorError FD_ERR_STORE naming the migration that failed and why
 */
export async function migrateStore(db: Kysely<unknown>, dialect: StoreDialect): Promise<string[]> {
  const migrations = listMigrations(dialect);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new FrontdoorError('FD_ERR_STORE', `store: migration ${failed ?? '(none)'} failed: ${reason}`, {
      cause: error,
    });
  }
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
