import { isPassingVerdict } from '../passing.js';
import type { TargetResult } from '../target-result.js';
import type { Finding } from '../verdict.js';
import { coveredTargets, groupBy, joinNames, unique } from './group-by.js';

/**
 * A hostname fails through the edge while every origin serves it directly: the fault is between the CDN
 * and the origins (CDN origin settings, TLS mode, a firewall that drops the edge's addresses).
 */
export function findEdgeOnly(results: readonly TargetResult[]): Finding[] {
  const findings: Finding[] = [];
  for (const [, group] of groupBy(results, (result) => result.site ?? result.hostname)) {
    const failingEdge: TargetResult[] = [];
    const passingDirect: TargetResult[] = [];
    for (const [, byHost] of groupBy(group, (result) => result.hostname)) {
      const edge = byHost.filter((result) => result.via === 'edge');
      const direct = byHost.filter((result) => result.origin !== undefined);
      if (edge.length === 0 || direct.length === 0) continue;
      if (!edge.some((result) => !isPassingVerdict(result.verdict))) continue;
      if (!direct.every((result) => isPassingVerdict(result.verdict))) continue;
      // Loops, not push(...group): a group has no size bound, and spread arguments live on the stack.
      for (const result of edge) if (!isPassingVerdict(result.verdict)) failingEdge.push(result);
      for (const result of direct) passingDirect.push(result);
    }
    if (failingEdge.length === 0) continue;
    const hostnames = unique(failingEdge.map((result) => result.hostname));
    const verdicts = unique(failingEdge.map((result) => result.verdict));
    const origins = unique(passingDirect.map((result) => result.origin ?? result.via));
    const one = hostnames.length === 1;
    // A name that does not resolve never reached a CDN: the public DNS record is what to look at.
    const dnsOnly = failingEdge.every((result) => result.layer === 'dns');
    const summary = dnsOnly
      ? `${joinNames(hostnames)} ${one ? 'does' : 'do'} not resolve through public DNS (${verdicts.join(', ')}) but ${one ? 'is' : 'are'} served directly on ${joinNames(origins)}: check the public DNS record${one ? '' : 's'} for ${joinNames(hostnames)}`
      : `${joinNames(hostnames)} ${one ? 'fails' : 'fail'} through the edge (${verdicts.join(', ')}) but ${one ? 'passes' : 'pass'} directly on ${joinNames(origins)}: look at the CDN's origin settings, TLS mode and the origins' firewall for the edge's addresses`;
    findings.push({
      code: 'edge_only',
      summary,
      ...coveredTargets([...failingEdge, ...passingDirect]),
    });
  }
  return findings;
}
