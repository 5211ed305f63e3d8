import type { TargetResult } from '../target-result.js';
import type { Finding, Layer } from '../verdict.js';
import { groupBy, joinNames, unique } from './group-by.js';
import { selectOriginResults } from './origin-results.js';

const DOOR_LAYERS: ReadonlySet<Layer> = new Set(['connect', 'tls', 'edge']);

/**
 * Every hostname pinned to one origin fails at connect, TLS or the edge: one shared front door is down,
 * not N sites (incident 000). Needs at least two hostnames on the origin to say "every".
 */
export function findSharedFrontDoorDown(results: readonly TargetResult[]): Finding[] {
  const findings: Finding[] = [];
  for (const [origin, group] of groupBy(selectOriginResults(results), (result) => result.origin)) {
    const hostnames = unique(group.map((result) => result.hostname));
    if (hostnames.length < 2 || !group.every((result) => DOOR_LAYERS.has(result.layer))) continue;
    const layers = unique(group.map((result) => result.layer));
    const verdicts = unique(group.map((result) => result.verdict));
    const addresses = unique(group.map((result) => result.connectTo).filter((value) => value !== null));
    const where = addresses.length > 0 ? ` (${addresses.join(', ')})` : '';
    const state = verdicts.every((verdict) => verdict === 'connect_refused')
      ? `the front door of ${origin} is shut`
      : `the front door of ${origin} is broken (${verdicts.join(', ')})`;
    findings.push({
      code: 'shared_front_door_down',
      summary: `every hostname on ${origin}${where} fails at ${joinNames(layers)}: ${state}; ask its host who owns the port (frontdoor host) before looking at any app`,
      targets: group.map((result) => result.target),
    });
  }
  return findings;
}
