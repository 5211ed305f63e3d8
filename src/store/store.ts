import type { Kysely } from 'kysely';
import type { StoreDialect } from './store-dialect.js';
import type { StoreTables } from './store-tables.js';

/**
 * An open store: the typed query builder and the one rule every caller follows, that store work runs
 * through `exclusive`. On SQLite that keeps a write transaction and a read from interleaving on the one
 * shared connection; on PostgreSQL each piece of work gets a pooled connection and may run beside others.
 * Operations are plain functions over a Store (write-batches.ts, read-history.ts, ...), one per file, and
 * the same SQL runs on both dialects but where a comment says why not.
 */
export interface Store {
  dialect: StoreDialect;
  /** what `--store` named, without secrets: "sqlite:/var/lib/frontdoor/frontdoor.db", "postgres://fd@db:5432/watch" */
  description: string;
  /** runs `work` with the store to itself, in call order (SQLite), or on a pooled connection (PostgreSQL) */
  exclusive<T>(work: (db: Kysely<StoreTables>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A first-come-first-served lock over promises: each `run` starts when the previous one settled,
 * whatever its outcome. Store calls are short and bounded, so a queue is all the fairness needed.
 */
export function createSerialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}
