import { isPassingVerdict } from '../passing.js';
import type { TargetResult } from '../target-result.js';
import type { Finding } from '../verdict.js';
import { coveredTargets, groupBy, joinNames, unique } from './group-by.js';
import { selectOriginResults } from './origin-results.js';

/**
 * Some origins of a site fail while others serve it: not "recovering on its own" but a fault on those
 * boxes (incident 000: one hostname came back, another stayed dead, because a second box had the same fault).
 */
export function findOriginPartial(results: readonly TargetResult[]): Finding[] {
  const findings: Finding[] = [];
  for (const [site, group] of groupBy(selectOriginResults(results), (result) => result.site)) {
    const byOrigin = groupBy(group, (result) => result.origin);
    const failingOrigins = [...byOrigin].filter(([, items]) =>
      items.some((result) => !isPassingVerdict(result.verdict)),
    );
    const passingOrigins = [...byOrigin].filter(([, items]) =>
      items.every((result) => isPassingVerdict(result.verdict)),
    );
    if (failingOrigins.length === 0 || passingOrigins.length === 0) continue;
    const failing = failingOrigins.flatMap(([, items]) =>
      items.filter((result) => !isPassingVerdict(result.verdict)),
    );
    const verdicts = unique(failing.map((result) => result.verdict));
    const bad = failingOrigins.map(([name]) => name);
    findings.push({
      code: 'origin_partial',
      summary: `site ${site} fails on ${joinNames(bad)} (${verdicts.join(', ')}) but passes on ${joinNames(passingOrigins.map(([name]) => name))}: look at what changed on ${joinNames(bad)} (restart, update, config), and expect the same fault to reach the others`,
      ...coveredTargets(failing),
    });
  }
  return findings;
}
