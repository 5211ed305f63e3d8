import { isPassingVerdict } from '../passing.js';
import type { TargetResult } from '../target-result.js';
import type { Finding } from '../verdict.js';
import { coveredTargets, groupBy, joinNames, unique } from './group-by.js';
import { selectOriginResults } from './origin-results.js';

/** An HTTP/2 failure whose same request over HTTP/1.1 passed: the fault is HTTP/2's, not the site's. */
function failsOnlyInHttp2(result: TargetResult): boolean {
  return (
    result.verdict === 'http2_failure' &&
    result.overHttp1 !== undefined &&
    isPassingVerdict(result.overHttp1.verdict)
  );
}

/**
 * Every target pinned to one origin (two or more hostnames) fails in HTTP/2 while the same requests pass
 * over HTTP/1.1: the origin's HTTP/2 is broken (its listen, its HTTP/2 limits, a module after an upgrade),
 * not N sites, and browsers, which speak HTTP/2, fail on all of them.
 */
export function findHttp2OnlyFailure(results: readonly TargetResult[]): Finding[] {
  const findings: Finding[] = [];
  for (const [origin, group] of groupBy(selectOriginResults(results), (result) => result.origin)) {
    const hostnames = unique(group.map((result) => result.hostname));
    if (hostnames.length < 2 || !group.every(failsOnlyInHttp2)) continue;
    findings.push({
      code: 'http2_only_failure',
      summary: `every hostname on ${origin} fails over HTTP/2 while the same requests pass over HTTP/1.1: ${origin}'s HTTP/2 is at fault, not the sites (${joinNames(hostnames)}); look at its HTTP/2 listen and limits (nginx: http2 on the listen, large_client_header_buffers, http2_max_concurrent_streams) and what changed there`,
      ...coveredTargets(group),
    });
  }
  return findings;
}
