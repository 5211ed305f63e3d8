import { setTimeout as sleep } from 'node:timers/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { FrontdoorError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { migrateStore } from './migrate-store.js';
import { describePostgresUrl } from './postgres-url.js';
import type { Store } from './store.js';
import type { StoreTables } from './store-tables.js';

/** PostgreSQL's type ids for int8 (bigint, count(*), sum(integer)) and numeric (sum(bigint)). */
const INT8_OID = 20;
const NUMERIC_OID = 1700;

export interface PostgresStoreOptions {
  logger: Logger;
  /** connections per node (default 8): the writer, the API's reads, the engine and the senders share them */
  poolSize?: number;
  /** how long start-up keeps retrying an unreachable server before giving up (default 60 s) */
  startTimeoutMs?: number;
  /** a statement running longer is cancelled by the server, so no read or write hangs (default 30 s) */
  statementTimeoutMs?: number;
  /** a connection attempt that takes longer fails (default 5 s) */
  connectTimeoutMs?: number;
}

/** SQLSTATE classes and socket errors after which the server may well answer a moment later. */
const TRANSIENT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '53300', // too_many_connections
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08006', // connection_failure
]);

/**
 * Whether an error from pg means the server is away for now, rather than refusing for good. The server's
 * own errors carry a SQLSTATE and socket errors an errno code; pg reports a connection that ended, or a
 * connect or query that timed out, with no code at all: those are transient too.
 */
export function isTransientPostgresError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? TRANSIENT.has(code) : true;
}

/**
 * Opens the shared PostgreSQL store at `url` and applies every pending migration (Kysely's migration lock
 * makes nodes starting at once apply each one once). Reads come back as numbers: bigint and numeric are
 * parsed as JavaScript numbers for this pool only (millisecond times and counts stay far below 2^53).
 * Start-up retries an unreachable server with backoff for `startTimeoutMs`, since nodes and their database
 * are often started together; a refusal that will not change (bad password, no such database) fails at
 * once. Once open, the pool replaces broken connections by itself and the writer retries failed writes,
 * so a restart of the server is a pause in writing, never a stop of probing.
 * @throws FrontdoorError FD_ERR_STORE naming the server (never the password) and why
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions): Promise<Store> {
  const description = describePostgresUrl(url);
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 8,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    statement_timeout: statementTimeoutMs,
    // The client gives up a little after the server would have cancelled: a server that stopped answering
    // altogether (a partition, a stopped process) is caught too.
    query_timeout: statementTimeoutMs + 5_000,
    application_name: 'frontdoor',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A connection the server closes (restart, failover, a fast shutdown's FATAL 57P01) emits 'error' on its
  // client. pg-pool listens only while the client is idle; a client checked out between two statements of
  // a transaction has no listener, and an unhandled 'error' event ends the process. So every client gets
  // one for its whole life: its work fails and is retried, and the pool discards it on release.
  const failed = new WeakSet<object>();
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      if (failed.has(client)) return;
      failed.add(client);
      options.logger.warn(
        { store: description, reason: describe(error) },
        'store: a database connection failed; its work is retried on a new one',
      );
    });
  });
  // The client's own listener has logged it; the pool's event must still have a listener or it throws.
  pool.on('error', () => {});
  const db = new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateWithRetry(db, description, options);
  } catch (error) {
    await db.destroy();
    throw error instanceof FrontdoorError
      ? error
      : new FrontdoorError('FD_ERR_STORE', `store: cannot open ${description}: ${describe(error)}`, {
          cause: error,
        });
  }
  let closed: Promise<void> | undefined;
  return {
    dialect: 'postgres',
    description,
    exclusive: (work) => work(db),
    close: () => {
      closed ??= db.destroy();
      return closed;
    },
  };
}

async function migrateWithRetry(
  db: Kysely<StoreTables>,
  description: string,
  options: PostgresStoreOptions,
): Promise<void> {
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let delayMs = 250;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await migrateStore(db as Kysely<unknown>, 'postgres');
      return;
    } catch (error) {
      const cause = error instanceof FrontdoorError && error.cause !== undefined ? error.cause : error;
      if (!isTransientPostgresError(cause) || Date.now() + delayMs > deadline) {
        throw new FrontdoorError('FD_ERR_STORE', `store: cannot open ${description}: ${describe(cause)}`, {
          cause,
        });
      }
      if (attempt === 1) {
        options.logger.warn(
          { store: description, reason: describe(cause) },
          'store: the database does not answer yet; retrying with backoff',
        );
      }
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, 5_000);
    }
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
