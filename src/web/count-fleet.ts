import type { Verdict } from '../diagnose/verdict.js';
import { severityOf } from './verdict-look.js';

/** The fleet's counts as the page's header shows them. */
export interface FleetCounts {
  targets: number;
  failing: number;
  warning: number;
  pending: number;
}

/** Counts over targets by the severity of their latest verdict (undefined: not probed yet). */
export function countFleet(verdicts: readonly (Verdict | undefined)[]): FleetCounts {
  const counts: FleetCounts = { targets: verdicts.length, failing: 0, warning: 0, pending: 0 };
  for (const verdict of verdicts) {
    const severity = severityOf(verdict);
    if (severity === 'none') counts.pending += 1;
    else if (severity === 'warn') counts.warning += 1;
    else if (severity === 'fail') counts.failing += 1;
  }
  return counts;
}
