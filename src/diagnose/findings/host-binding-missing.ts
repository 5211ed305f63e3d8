import type { TargetResult } from '../target-result.js';
import type { Finding, Layer } from '../verdict.js';
import { coveredTargets, groupBy, joinNames, unique } from './group-by.js';
import { selectOriginResults } from './origin-results.js';

/** Layers in which the front door never got to route a Host, so they say nothing about bindings. */
const BEFORE_ROUTING: ReadonlySet<Layer> = new Set(['dns', 'connect', 'tls']);

/**
 * On one origin, one hostname of a site is routed and another is not: a binding or server_name is missing
 * for the second (incident 001: the internal name was bound, the public one was not). A hostname counts as
 * not routed when it was found so (host_not_routed) or when its failing answer is the one the origin gives
 * a Host it cannot have while another hostname there gets a different one: the origin does route by Host.
 */
function isNotRouted(result: TargetResult): boolean {
  return result.verdict === 'host_not_routed' || result.sameAsCatchAll === true;
}

export function findHostBindingMissing(results: readonly TargetResult[]): Finding[] {
  const findings: Finding[] = [];
  const origins = selectOriginResults(results);
  for (const [, group] of groupBy(origins, (result) =>
    result.site === undefined ? undefined : `${result.origin}\u0000${result.site}`,
  )) {
    const notRouted = group.filter(isNotRouted);
    const routed = group.filter((result) => !isNotRouted(result) && !BEFORE_ROUTING.has(result.layer));
    if (notRouted.length === 0 || routed.length === 0) continue;
    const origin = group[0]?.origin ?? '';
    const missing = unique(notRouted.map((result) => result.hostname));
    const missingSet = new Set(missing);
    const bound = unique(routed.map((result) => result.hostname)).filter((name) => !missingSet.has(name));
    if (bound.length === 0) continue;
    findings.push({
      code: 'host_binding_missing',
      summary: `${origin} routes ${joinNames(bound)} but not ${joinNames(missing)} (site ${group[0]?.site}): add a binding/server_name for ${joinNames(missing)} on ${origin}`,
      ...coveredTargets([...notRouted, ...routed]),
    });
  }
  return findings;
}
