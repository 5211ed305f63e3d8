import type { TargetRound } from '../incidents/round.js';
import { fromRoundRow } from './round-row.js';
import type { Store } from './store.js';

/** The newest stored round of `targetId` whose verdict did not let visitors through, if any is kept. */
export async function readLastFailure(store: Store, targetId: string): Promise<TargetRound | undefined> {
  const row = await store.exclusive((db) =>
    db
      .selectFrom('rounds')
      .select(['at_ms', 'location', 'reason', 'result'])
      .where('target_id', '=', targetId)
      .where('passed', '=', 0)
      .orderBy('at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
  return row === undefined ? undefined : fromRoundRow({ ...row, at_ms: Number(row.at_ms) });
}
