import type { Finding } from '../diagnose/verdict.js';
import type { RoundBatch } from '../incidents/round.js';
import { fromRoundRow } from './round-row.js';
import type { Store } from './store.js';

/** A batch as stored, with the id that orders it among all batches of the store. */
export interface StoredBatch {
  id: number;
  batch: RoundBatch;
}

export interface ReadBatchesOptions {
  /** only batches after this id (0: from the first) */
  afterId: number;
  /** at most this many batches */
  limit: number;
  /** only this location's batches */
  location?: string;
}

/**
 * Reads stored batches back in the order they were written, each exactly the RoundBatch that was handed to
 * the store: the same rounds in the same order with the same results and findings. Page with `afterId`.
 */
export function readBatches(store: Store, options: ReadBatchesOptions): Promise<StoredBatch[]> {
  return store.exclusive(async (db) => {
    let query = db
      .selectFrom('batches')
      .select(['id', 'location', 'at_ms', 'findings'])
      .where('id', '>', options.afterId)
      .orderBy('id')
      .limit(options.limit);
    if (options.location !== undefined) query = query.where('location', '=', options.location);
    const batches = await query.execute();
    const first = batches[0];
    const last = batches.at(-1);
    if (first === undefined || last === undefined) return [];
    const rounds = await db
      .selectFrom('rounds')
      .select(['batch_id', 'at_ms', 'location', 'reason', 'result'])
      .where('batch_id', '>=', first.id)
      .where('batch_id', '<=', last.id)
      .orderBy('id')
      .execute();
    const byBatch = new Map<number, RoundBatch['rounds']>();
    for (const row of rounds) {
      const list = byBatch.get(Number(row.batch_id)) ?? [];
      list.push(fromRoundRow(row));
      byBatch.set(Number(row.batch_id), list);
    }
    return batches.map((row) => ({
      id: Number(row.id),
      batch: {
        type: 'rounds',
        at: new Date(Number(row.at_ms)).toISOString(),
        location: row.location,
        rounds: byBatch.get(Number(row.id)) ?? [],
        findings: JSON.parse(row.findings) as Finding[],
      },
    }));
  });
}
