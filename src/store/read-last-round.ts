import type { TargetRound } from '../incidents/round.js';
import { fromRoundRow } from './round-row.js';
import type { Store } from './store.js';

/**
 * The newest stored round of `targetId` that let visitors through (`passed`) or did not, if any is kept.
 * The target page shows the last failure's evidence, and during an outage the certificate of the last
 * round that got through: a refused connection carries no certificate, but its days left still matter.
 */
export async function readLastRound(
  store: Store,
  targetId: string,
  passed: boolean,
): Promise<TargetRound | undefined> {
  const row = await store.exclusive((db) =>
    db
      .selectFrom('rounds')
      .select(['at_ms', 'location', 'reason', 'result'])
      .where('target_id', '=', targetId)
      .where('passed', '=', passed ? 1 : 0)
      .orderBy('at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
  return row === undefined ? undefined : fromRoundRow({ ...row, at_ms: Number(row.at_ms) });
}
