import { isPassingVerdict } from '../passing.js';
import type { TargetResult } from '../target-result.js';
import type { Finding } from '../verdict.js';
import { coveredTargets, groupBy, joinNames, unique } from './group-by.js';
import { selectOriginResults } from './origin-results.js';

/**
 * The same failing verdict on two or more origins: one cause ran everywhere (an automatic update, a
 * config push), so fixing the first box is only half the job (incident 000's second origin).
 */
export function findFleetWide(results: readonly TargetResult[]): Finding[] {
  const failing = selectOriginResults(results).filter((result) => !isPassingVerdict(result.verdict));
  const findings: Finding[] = [];
  for (const [verdict, group] of groupBy(failing, (result) => result.verdict)) {
    const origins = unique(group.map((result) => result.origin));
    if (origins.length < 2) continue;
    findings.push({
      code: 'fleet_wide',
      summary: `${verdict} on ${joinNames(origins)}: the same fault on ${origins.length} origins, so one cause ran on all of them (an update, a config push); fix and re-check every origin, not just the first`,
      ...coveredTargets(group),
    });
  }
  return findings;
}
