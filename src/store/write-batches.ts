import { type Kysely, sql, type Transaction } from 'kysely';
import type { Target } from '../config/target.js';
import type { RoundBatch } from '../incidents/round.js';
import { toRoundRow } from './round-row.js';
import type { Store } from './store.js';
import { ROLLUP_PHASES, type StoreTables } from './store-tables.js';

/** Rows per multi-row INSERT: 17 columns x 500 stays far below SQLite's and PostgreSQL's parameter limits. */
const ROWS_PER_INSERT = 500;
/** The advisory lock key that orders batch commits on PostgreSQL ("fdbatch" in ASCII). */
export const BATCH_ORDER_LOCK = 0x666462617463;

export interface BatchWrite {
  batches: readonly RoundBatch[];
  /** the configured targets to record (after a start or reload); absent: unchanged */
  targets?: { list: readonly Target[]; atMs: number } | undefined;
}

/**
 * Writes batches (and their rounds, in order) in one transaction and folds their rounds into the minute
 * and hour rollups in the same transaction, so a crash leaves either all of a write or none of it, and
 * rollups never count a round twice or miss one. Returns the ids given to the batches, in order.
 * Throws what the database threw (SQLITE_BUSY when another connection holds the write lock); nothing is
 * written then, and the caller may retry the same write.
 */
export function writeBatches(store: Store, write: BatchWrite): Promise<number[]> {
  return store.exclusive((db) =>
    db.transaction().execute(async (trx) => {
      if (store.dialect === 'postgres') await lockBatchOrder(trx);
      if (write.targets !== undefined) await recordTargets(trx, write.targets.list, write.targets.atMs);
      const ids: number[] = [];
      for (const batch of write.batches) ids.push(await insertBatch(trx, batch));
      const [first] = ids;
      const last = ids.at(-1);
      if (first !== undefined && last !== undefined) {
        await foldIntoRollup(trx, 'rollup_minute', 60_000, first, last);
        await foldIntoRollup(trx, 'rollup_hour', 3_600_000, first, last);
      }
      return ids;
    }),
  );
}

/**
 * Several nodes write batches at once, and a bigserial id is handed out at insert, not at commit: without
 * this lock, batch 11 could commit before batch 10, and the engine, which reads batches in id order after
 * the last one it judged, would pass over 10 for good. Holding one transaction-scoped advisory lock while
 * batches are inserted makes ids commit in the order they were given. SQLite has one writer anyway.
 */
async function lockBatchOrder(trx: Transaction<StoreTables>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${BATCH_ORDER_LOCK})`.execute(trx);
}

async function insertBatch(trx: Transaction<StoreTables>, batch: RoundBatch): Promise<number> {
  const inserted = await trx
    .insertInto('batches')
    .values({
      location: batch.location,
      at_ms: Date.parse(batch.at),
      round_count: batch.rounds.length,
      findings: JSON.stringify(batch.findings),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(inserted.id);
  const rows = batch.rounds.map((round) => toRoundRow(round, id));
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('rounds')
      .values(rows.slice(start, start + ROWS_PER_INSERT))
      .execute();
  }
  return id;
}

/**
 * Adds the rounds of batches first..last to the rollup buckets they fall in. Portable SQL: integer
 * division for the bucket, `excluded` for the incoming row, and CASE instead of SQLite's two-argument
 * max() or PostgreSQL's greatest().
 */
async function foldIntoRollup(
  trx: Kysely<StoreTables>,
  table: 'rollup_minute' | 'rollup_hour',
  bucketMs: number,
  firstBatch: number,
  lastBatch: number,
): Promise<void> {
  const target = sql.table(table);
  const bucket = sql`(at_ms / ${sql.lit(bucketMs)}) * ${sql.lit(bucketMs)}`;
  const phaseColumns = ROLLUP_PHASES.flatMap((phase) => [`${phase}_sum`, `${phase}_max`, `${phase}_count`]);
  const phaseSelects = ROLLUP_PHASES.map((phase) => {
    const column = sql.ref(`${phase}_ms`);
    return sql`coalesce(sum(${column}), 0), max(${column}), count(${column})`;
  });
  const phaseUpdates = ROLLUP_PHASES.map((phase) => {
    const sum = sql.ref(`${phase}_sum`);
    const max = sql.ref(`${phase}_max`);
    const count = sql.ref(`${phase}_count`);
    return sql`${sum} = ${target}.${sum} + excluded.${sum},
      ${max} = CASE WHEN excluded.${max} IS NULL OR ${target}.${max} >= excluded.${max}
        THEN ${target}.${max} ELSE excluded.${max} END,
      ${count} = ${target}.${count} + excluded.${count}`;
  });
  const columns = ['target_id', 'location', 'bucket_ms', 'verdict', 'rounds', 'requests', 'failed_requests'];
  await sql`
    INSERT INTO ${target} (${sql.join([...columns, ...phaseColumns].map((name) => sql.ref(name)))})
    SELECT target_id, location, ${bucket}, verdict, count(*), sum(requests), sum(failed_requests),
      ${sql.join(phaseSelects)}
    FROM rounds
    WHERE batch_id >= ${firstBatch} AND batch_id <= ${lastBatch}
    GROUP BY target_id, location, ${bucket}, verdict
    ON CONFLICT (target_id, location, bucket_ms, verdict) DO UPDATE SET
      rounds = ${target}.rounds + excluded.rounds,
      requests = ${target}.requests + excluded.requests,
      failed_requests = ${target}.failed_requests + excluded.failed_requests,
      ${sql.join(phaseUpdates)}
  `.execute(trx);
}

/** Upserts the configured targets and marks the ones no longer configured as removed. */
async function recordTargets(
  trx: Transaction<StoreTables>,
  targets: readonly Target[],
  atMs: number,
): Promise<void> {
  for (let start = 0; start < targets.length; start += ROWS_PER_INSERT) {
    const rows = targets.slice(start, start + ROWS_PER_INSERT).map((target) => ({
      id: target.id,
      name: target.name,
      url: target.url,
      hostname: target.hostname,
      via: target.via,
      site: target.site ?? null,
      origin: target.origin ?? null,
      environment: target.environment ?? null,
      first_seen_ms: atMs,
      last_seen_ms: atMs,
      removed_ms: null,
    }));
    await trx
      .insertInto('targets')
      .values(rows)
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet((update) => ({
          name: update.ref('excluded.name'),
          url: update.ref('excluded.url'),
          hostname: update.ref('excluded.hostname'),
          via: update.ref('excluded.via'),
          site: update.ref('excluded.site'),
          origin: update.ref('excluded.origin'),
          environment: update.ref('excluded.environment'),
          last_seen_ms: update.ref('excluded.last_seen_ms'),
          removed_ms: null,
        })),
      )
      .execute();
  }
  await trx
    .updateTable('targets')
    .set({ removed_ms: atMs })
    .where('last_seen_ms', '<', atMs)
    .where('removed_ms', 'is', null)
    .execute();
}
