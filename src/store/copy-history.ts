import { type Kysely, sql } from 'kysely';
import { FrontdoorError } from '../errors.js';
import type { Store } from './store.js';
import type { StoreTables } from './store-tables.js';

/** Rows per INSERT: 18 round columns x 500 stays far below either dialect's parameter limit. */
const ROWS_PER_INSERT = 500;

/**
 * The tables history is made of, in the order they are copied (a round needs its batch, a deploy mark's
 * origins their event).
 */
export const HISTORY_TABLES = [
  'targets',
  'batches',
  'rounds',
  'events',
  'deploy_origins',
  'rollup_minute',
  'rollup_hour',
] as const;
export type HistoryTable = (typeof HISTORY_TABLES)[number];

export interface CopyProgress {
  table: HistoryTable;
  /** rows of this table read from the source so far, and in all */
  done: number;
  total: number;
}

export interface CopyOptions {
  /** batches per transaction (their rounds go with them); rollup and target rows per transaction x 10 */
  chunk: number;
  /** copy into a target that holds history already (resuming an interrupted copy); refused otherwise */
  merge: boolean;
  onProgress?: (progress: CopyProgress) => void;
}

export type CopyCounts = Record<HistoryTable, { read: number; written: number }>;

/** How many rows each history table holds. */
export async function countHistory(store: Store): Promise<Record<HistoryTable, number>> {
  const counts = {} as Record<HistoryTable, number>;
  for (const table of HISTORY_TABLES) {
    const row = await store.exclusive((db) =>
      sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db),
    );
    counts[table] = Number(row.rows[0]?.n ?? 0);
  }
  return counts;
}

/**
 * Copies a store's history (targets, batches with their rounds, host events and deploy marks, minute and
 * hour rollups) into another
 * store of either dialect, keeping every id, so the engine's batch cursor and the history API read the
 * same on both sides. A chunk at a time, each in one transaction of the target; a row the target has
 * already (by key) is left as it is, so running it again, or after an interruption, copies only what is
 * missing. A batch id the target holds for a different batch means the two histories are not one:
 * refused before anything is written of that chunk. Sequences are moved past the copied ids at the end.
 * @throws FrontdoorError FD_ERR_USAGE (target not empty without `merge`), FD_ERR_STORE (ids that clash)
 */
export async function copyHistory(source: Store, target: Store, options: CopyOptions): Promise<CopyCounts> {
  const totals = await countHistory(source);
  if (!options.merge) {
    const present = await countHistory(target);
    const held = HISTORY_TABLES.filter((table) => present[table] > 0);
    if (held.length > 0) {
      throw new FrontdoorError(
        'FD_ERR_USAGE',
        `${target.description} already holds history (${held.map((table) => `${present[table]} ${table}`).join(', ')}); add --merge to copy into it (rows it has are kept)`,
      );
    }
  }
  const counts = Object.fromEntries(
    HISTORY_TABLES.map((table) => [table, { read: 0, written: 0 }]),
  ) as CopyCounts;
  const report = (table: HistoryTable) =>
    options.onProgress?.({ table, done: counts[table].read, total: totals[table] });

  await copyByKey(source, target, 'targets', ['id'], options.chunk * 10, counts, report);
  await copyBatches(source, target, options.chunk, counts, report);
  // The change timeline (host events, deploy marks) keeps its ids too: they order it as batch ids order rounds.
  await copyByKey(source, target, 'events', ['id'], options.chunk * 10, counts, report);
  await copyByKey(
    source,
    target,
    'deploy_origins',
    ['origin', 'event_id'],
    options.chunk * 10,
    counts,
    report,
  );
  for (const table of ['rollup_minute', 'rollup_hour'] as const) {
    await copyByKey(
      source,
      target,
      table,
      ['bucket_ms', 'target_id', 'location', 'verdict'],
      options.chunk * 10,
      counts,
      report,
    );
  }
  if (target.dialect === 'postgres') await advanceSequences(target);
  return counts;
}

async function copyBatches(
  source: Store,
  target: Store,
  chunk: number,
  counts: CopyCounts,
  report: (table: HistoryTable) => void,
): Promise<void> {
  let after = 0;
  for (;;) {
    const batches = await source.exclusive((db) =>
      db.selectFrom('batches').selectAll().where('id', '>', after).orderBy('id').limit(chunk).execute(),
    );
    const first = batches[0];
    const last = batches.at(-1);
    if (first === undefined || last === undefined) return;
    const rounds = await source.exclusive((db) =>
      db
        .selectFrom('rounds')
        .selectAll()
        .where('batch_id', '>=', first.id)
        .where('batch_id', '<=', last.id)
        .orderBy('id')
        .execute(),
    );
    await target.exclusive((db) =>
      db.transaction().execute(async (trx) => {
        await assertSameBatches(trx, target.description, batches);
        counts.batches.written += await insertRows(trx, 'batches', batches, ['id']);
        counts.rounds.written += await insertRows(trx, 'rounds', rounds, ['id']);
      }),
    );
    counts.batches.read += batches.length;
    counts.rounds.read += rounds.length;
    report('batches');
    report('rounds');
    after = Number(last.id);
  }
}

/** Batches the target has already under these ids must be these batches: same location, same time. */
async function assertSameBatches(
  trx: Kysely<StoreTables>,
  description: string,
  batches: ReadonlyArray<{ id: number; location: string; at_ms: number }>,
): Promise<void> {
  const ids = batches.map((batch) => Number(batch.id));
  const existing = await trx
    .selectFrom('batches')
    .select(['id', 'location', 'at_ms'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(batches.map((batch) => [Number(batch.id), batch]));
  for (const row of existing) {
    const mine = byId.get(Number(row.id));
    if (mine !== undefined && (mine.location !== row.location || Number(mine.at_ms) !== Number(row.at_ms))) {
      throw new FrontdoorError(
        'FD_ERR_STORE',
        `migrate: ${description} holds batch ${row.id} from ${row.location} at ${new Date(Number(row.at_ms)).toISOString()}, not the source's: these histories are not one; copy into an empty database`,
      );
    }
  }
}

/** Copies a table a chunk at a time in key order (keyset paging: no OFFSET scans). */
async function copyByKey<T extends 'targets' | 'events' | 'deploy_origins' | 'rollup_minute' | 'rollup_hour'>(
  source: Store,
  target: Store,
  table: T,
  key: readonly string[],
  chunk: number,
  counts: CopyCounts,
  report: (table: HistoryTable) => void,
): Promise<void> {
  let last: unknown[] | undefined;
  const columns = sql.join(key.map((name) => sql.ref(name)));
  for (;;) {
    const after = last;
    const rows = await source.exclusive(async (db) => {
      const where = after === undefined ? sql`` : sql`WHERE (${columns}) > (${sql.join(after)})`;
      const result = await sql<Record<string, unknown>>`
        SELECT * FROM ${sql.table(table)} ${where} ORDER BY ${columns} LIMIT ${chunk}`.execute(db);
      return result.rows;
    });
    const tail = rows.at(-1);
    if (tail === undefined) return;
    await target.exclusive((db) =>
      db.transaction().execute(async (trx) => {
        counts[table].written += await insertRows(trx, table, rows, key);
      }),
    );
    counts[table].read += rows.length;
    report(table);
    last = key.map((name) => tail[name]);
  }
}

/** Inserts rows as they are, skipping those whose key is taken; returns how many were new. */
async function insertRows(
  trx: Kysely<StoreTables>,
  table: HistoryTable,
  rows: ReadonlyArray<object>,
  key: readonly string[],
): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const slice = rows.slice(start, start + ROWS_PER_INSERT) as never[];
    const result = await (trx as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .insertInto(table)
      .values(slice)
      .onConflict((conflict) => conflict.columns(key as never[]).doNothing())
      .executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return written;
}

/** Ids were copied as they were: the sequences must hand out the next ones past them. */
async function advanceSequences(target: Store): Promise<void> {
  await target.exclusive(async (db) => {
    for (const table of ['batches', 'rounds', 'events']) {
      await sql`
        SELECT setval(pg_get_serial_sequence(${table}, 'id'),
          greatest((SELECT coalesce(max(id), 0) FROM ${sql.table(table)}), 1),
          (SELECT count(*) > 0 FROM ${sql.table(table)}))`.execute(db);
    }
  });
}
