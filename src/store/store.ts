import type { Kysely } from 'kysely';
import type { StoreDialect } from './store-dialect.js';
import type { StoreTables } from './store-tables.js';

/**
 * An open store: the typed query builder and the one rule every caller follows, that store work runs
 * through `exclusive` so a write transaction and a read never interleave on the shared connection.
 * Operations are plain functions over a Store (write-batches.ts, read-history.ts, ...), one per file.
 */
export interface Store {
  dialect: StoreDialect;
  /** what `--store` named, without secrets: "sqlite:/var/lib/frontdoor/frontdoor.db" */
  description: string;
  /** runs `work` with the store to itself, in call order */
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
