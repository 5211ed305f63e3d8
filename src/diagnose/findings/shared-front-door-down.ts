import type { TargetResult } from '../target-result.js';
import type { Finding, Layer } from '../verdict.js';
import { coveredTargets, groupBy, joinNames, unique } from './group-by.js';
import { selectOriginResults } from './origin-results.js';

const DOOR_LAYERS: ReadonlySet<Layer> = new Set(['connect', 'tls', 'edge']);

/**
 * What the failures say about the door, and where to look first. Refused: the port has no listener, so its
 * host's own view (who owns the port) comes first. Unanswered handshakes: the packets are dropped before any
 * process sees them, so the path (firewall, security group) or the host itself.
 */
function describeDoor(origin: string, verdicts: readonly string[]): string {
  const askTheHost = 'ask its host who owns the port (frontdoor host) before looking at any app';
  if (verdicts.every((verdict) => verdict === 'connect_refused'))
    return `the front door of ${origin} is shut; ${askTheHost}`;
  if (verdicts.every((verdict) => verdict === 'connect_timeout'))
    return `nothing at ${origin} answers the TCP handshake, so packets are dropped on the way (a firewall or security group) or the host is down; check the path and the host before any app`;
  return `the front door of ${origin} is broken (${verdicts.join(', ')}); ${askTheHost}`;
}

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
    const summary = `every hostname on ${origin}${where} fails at ${joinNames(layers)}: ${describeDoor(origin, verdicts)}`;
    findings.push({
      code: 'shared_front_door_down',
      summary,
      ...coveredTargets(group),
    });
  }
  return findings;
}
