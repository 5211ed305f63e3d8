import type { Logger } from '../log/logger.js';
import { openPostgresStore, type PostgresStoreOptions } from './open-postgres-store.js';
import { openSqliteStore } from './open-sqlite-store.js';
import type { Store } from './store.js';

/** Where a store lives, as `--store` names it once read. */
export type StoreLocation = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/**
 * Opens the store `--store` named and brings its schema up to date: the one entry point the daemon and
 * `frontdoor migrate` use, so both dialects are opened (and migrated) the same way.
 * @throws FrontdoorError FD_ERR_STORE
 */
export function openStore(
  location: StoreLocation,
  options: { logger: Logger } & Omit<PostgresStoreOptions, 'logger'>,
): Promise<Store> {
  return location.dialect === 'sqlite'
    ? openSqliteStore(location.path)
    : openPostgresStore(location.url, options);
}
