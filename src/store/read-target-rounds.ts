import { fromRoundRow } from './round-row.js';
import type { Store } from './store.js';

/** The most rounds one read returns: an incident page over thousands of targets stays bounded. */
export const MAX_TARGET_ROUNDS = 50_000;

/** Ids per query, well under SQLite's and PostgreSQL's limits on bound parameters. */
const IDS_PER_QUERY = 500;

/**
 * The rounds of `targetIds` within [sinceMs, untilMs], oldest first, at most MAX_TARGET_ROUNDS (the
 * newest kept): what an incident's dossier reads to find first failures and count failed requests.
 */
export async function readTargetRounds(
  store: Store,
  query: { targetIds: readonly string[]; sinceMs: number; untilMs: number },
) {
  const rows: Array<{ id: number; at_ms: number; location: string; reason: string; result: string }> = [];
  for (let start = 0; start < query.targetIds.length; start += IDS_PER_QUERY) {
    const ids = query.targetIds.slice(start, start + IDS_PER_QUERY);
    const part = await store.exclusive((db) =>
      db
        .selectFrom('rounds')
        .select(['id', 'at_ms', 'location', 'reason', 'result'])
        .where('target_id', 'in', ids)
        .where('at_ms', '>=', query.sinceMs)
        .where('at_ms', '<=', query.untilMs)
        .orderBy('at_ms', 'desc')
        .limit(MAX_TARGET_ROUNDS)
        .execute(),
    );
    rows.push(...part.map((row) => ({ ...row, id: Number(row.id), at_ms: Number(row.at_ms) })));
  }
  return rows
    .sort((a, b) => a.at_ms - b.at_ms || a.id - b.id)
    .slice(-MAX_TARGET_ROUNDS)
    .map((row) => fromRoundRow(row));
}
