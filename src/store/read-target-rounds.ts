import { fromRoundRow } from './round-row.js';
import type { Store } from './store.js';

/** The most rounds one read returns: an incident page over thousands of targets stays bounded. */
export const MAX_TARGET_ROUNDS = 50_000;

/** Ids per query, well under SQLite's and PostgreSQL's limits on bound parameters. */
const IDS_PER_QUERY = 500;

/**
 * The rounds of `targetIds` within [sinceMs, untilMs], oldest first, at most `limit` (the newest kept;
 * MAX_TARGET_ROUNDS by default): what an incident's dossier reads to find first failures and count failed
 * requests. The ids are asked for in slices; once `limit` rounds are held, later slices are asked only for
 * rounds newer than the oldest held, and the held set is cut back to `limit` after each, so a fleet-wide
 * incident over 10,000 targets holds at most twice `limit` rows at once instead of every slice's.
 */
export async function readTargetRounds(
  store: Store,
  query: { targetIds: readonly string[]; sinceMs: number; untilMs: number; limit?: number },
) {
  const limit = query.limit ?? MAX_TARGET_ROUNDS;
  let kept: Row[] = [];
  let sinceMs = query.sinceMs;
  for (let start = 0; start < query.targetIds.length; start += IDS_PER_QUERY) {
    const ids = query.targetIds.slice(start, start + IDS_PER_QUERY);
    const part = await store.exclusive((db) =>
      db
        .selectFrom('rounds')
        .select(['id', 'at_ms', 'location', 'reason', 'result'])
        .where('target_id', 'in', ids)
        .where('at_ms', '>=', sinceMs)
        .where('at_ms', '<=', query.untilMs)
        .orderBy('at_ms', 'desc')
        .limit(limit)
        .execute(),
    );
    for (const row of part) kept.push({ ...row, id: Number(row.id), at_ms: Number(row.at_ms) });
    kept = newestFirst(kept).slice(0, limit);
    const oldest = kept.at(-1);
    if (kept.length === limit && oldest !== undefined) sinceMs = Math.max(sinceMs, oldest.at_ms);
  }
  return kept.reverse().map((row) => fromRoundRow(row));
}

interface Row {
  id: number;
  at_ms: number;
  location: string;
  reason: string;
  result: string;
}

function newestFirst(rows: Row[]): Row[] {
  return rows.sort((a, b) => b.at_ms - a.at_ms || b.id - a.id);
}
