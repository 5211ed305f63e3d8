import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { FrontdoorError } from '../errors.js';
import { migrateStore } from './migrate-store.js';
import { createSerialQueue, type Store } from './store.js';
import type { StoreTables } from './store-tables.js';

/** How long start-up waits for a lock held by another connection before giving up. */
const OPEN_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating when absent) the SQLite store at `path` and applies every pending migration.
 * WAL lets readers (the API, a backup) read while the writer writes; synchronous=NORMAL keeps every
 * committed transaction across a crash of this process (kill -9), and in WAL mode never corrupts the file
 * even on power loss, at the cost of the last transactions before one. Once open, a locked database
 * fails a write at once (busy_timeout 0) instead of blocking the event loop that runs the probes: the
 * writer keeps the batch queued and retries (store-writer.ts).
 * @throws FrontdoorError FD_ERR_STORE when the file cannot be opened, is not a database, stays locked, or
 *   a migration fails
 */
export async function openSqliteStore(path: string): Promise<Store> {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { timeout: OPEN_BUSY_TIMEOUT_MS });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    throw storeError(path, error);
  }
  const db = new Kysely<StoreTables>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrateStore(db as Kysely<unknown>, 'sqlite');
  } catch (error) {
    await db.destroy();
    throw error instanceof FrontdoorError ? error : storeError(path, error);
  }
  sqlite.pragma('busy_timeout = 0');
  const serial = createSerialQueue();
  let closed = false;
  return {
    dialect: 'sqlite',
    description: `sqlite:${path}`,
    exclusive: (work) => serial(() => work(db)),
    close: () =>
      serial(async () => {
        if (closed) return;
        closed = true;
        await db.destroy();
      }),
  };
}

function storeError(path: string, error: unknown): FrontdoorError {
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  const hint = code === 'SQLITE_CANTOPEN' ? ` (does ${dirname(path)} exist and is it writable?)` : '';
  return new FrontdoorError('FD_ERR_STORE', `store: cannot open sqlite:${path}: ${reason}${hint}`, {
    cause: error,
  });
}
