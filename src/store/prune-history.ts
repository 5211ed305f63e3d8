import { sql } from 'kysely';
import type { RetentionConfig } from '../config/config-types.js';
import type { Store } from './store.js';

/** Rows older than this much past the oldest are deleted per statement, so no delete holds the writer long. */
const SLICE_MS = 3_600_000;

export interface PruneCounts {
  rounds: number;
  batches: number;
  minute: number;
  hour: number;
  events: number;
}

/**
 * Deletes what retention no longer keeps: raw rounds and their batches older than `retention.rawMs`,
 * minute rollups and timeline events (host events, deploy marks) older than `minuteMs`, hour rollups older
 * than `hourMs`. Works an hour of history per
 * transaction, oldest first, releasing the store between slices so the writer's batches get in.
 */
export async function pruneHistory(
  store: Store,
  retention: RetentionConfig,
  nowMs: number,
): Promise<PruneCounts> {
  const counts: PruneCounts = { rounds: 0, batches: 0, minute: 0, hour: 0, events: 0 };
  const rawCutoff = nowMs - retention.rawMs;
  counts.rounds = await pruneTable(store, 'rounds', 'at_ms', rawCutoff);
  counts.batches = await pruneTable(store, 'batches', 'at_ms', rawCutoff);
  counts.minute = await pruneTable(store, 'rollup_minute', 'bucket_ms', nowMs - retention.minuteMs);
  counts.hour = await pruneTable(store, 'rollup_hour', 'bucket_ms', nowMs - retention.hourMs);
  counts.events = await pruneTable(store, 'events', 'observed_at_ms', nowMs - retention.minuteMs);
  return counts;
}

async function pruneTable(
  store: Store,
  table: 'rounds' | 'batches' | 'rollup_minute' | 'rollup_hour' | 'events',
  column: 'at_ms' | 'bucket_ms' | 'observed_at_ms',
  cutoffMs: number,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const removed = await store.exclusive(async (db) => {
      const oldest = await sql<{ oldest: number | null }>`
        SELECT min(${sql.ref(column)}) AS oldest FROM ${sql.table(table)}`.execute(db);
      const from = oldest.rows[0]?.oldest;
      if (from === null || from === undefined || Number(from) >= cutoffMs) return undefined;
      const upTo = Math.min(cutoffMs, Number(from) + SLICE_MS);
      if (table === 'events') {
        // A deploy mark's origins go first: they point at it.
        await sql`DELETE FROM deploy_origins WHERE event_id IN
          (SELECT id FROM events WHERE observed_at_ms < ${upTo})`.execute(db);
      }
      const result = await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(column)} < ${upTo}`.execute(
        db,
      );
      return Number(result.numAffectedRows ?? 0);
    });
    if (removed === undefined) return deleted;
    deleted += removed;
  }
}
