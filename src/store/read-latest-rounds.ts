import type { TargetRound } from '../incidents/round.js';
import { fromRoundRow } from './round-row.js';
import type { Store } from './store.js';

/**
 * The latest stored round of every target seen from `location` since `sinceMs`: what a restarted watch
 * resumes from (the API's current verdicts, and whether a failure is a first one that needs confirming).
 */
export function readLatestRounds(store: Store, location: string, sinceMs: number): Promise<TargetRound[]> {
  return store.exclusive(async (db) => {
    const rows = await db
      .selectFrom('rounds')
      .innerJoin(
        (eb) =>
          eb
            .selectFrom('rounds')
            .select(['target_id', (inner) => inner.fn.max('id').as('latest_id')])
            .where('location', '=', location)
            .where('at_ms', '>=', sinceMs)
            .groupBy('target_id')
            .as('latest'),
        (join) => join.onRef('latest.latest_id', '=', 'rounds.id'),
      )
      .select(['rounds.at_ms', 'rounds.location', 'rounds.reason', 'rounds.result'])
      .execute();
    return rows.map((row) => fromRoundRow({ ...row, at_ms: Number(row.at_ms) }));
  });
}
