import type { Target } from '../config/target.js';
import { formatMilliseconds } from '../format/format-milliseconds.js';
import { formatHostPort } from '../probe/format-host-port.js';
import type { ProbeObservation } from '../probe/observation.js';
import { readVersion } from './expectations.js';
import { formatStatus, readHeader } from './response-facts.js';
import { isThroughEdge } from './rule-context.js';
import { describeCertificate, describeHops } from './rules/transport-failure.js';
import { type Diagnosis, VERDICT_LAYER } from './verdict.js';

// " via edge" or " via web1"; nothing for a URL from the command line, whose path is simply its own.
function describePath(target: Target): string {
  return target.origin === undefined && !isThroughEdge(target) ? '' : ` via ${target.via}`;
}

/** The ok diagnosis: what held, so a green line still says what was seen. */
export function describeHealthy(target: Target, observation: ProbeObservation): Diagnosis {
  const { http, tls } = observation;
  const evidence: string[] = [];
  if (http !== undefined) {
    evidence.push(
      `answered ${formatStatus(http)} in ${formatMilliseconds(http.ttfbMs)} (total ${formatMilliseconds(observation.timings.total)})`,
    );
    const server = readHeader(http, 'server');
    if (server !== undefined) evidence.push(`server: ${server}`);
    const version = readVersion(target, http);
    if (version !== undefined) evidence.push(`${target.expect.versionHeader}: ${version}`);
  }
  if (tls?.certificate !== undefined) evidence.push(...describeCertificate(tls.certificate));
  if (tls !== undefined && !tls.authorized) {
    evidence.push(
      `certificate not verified (${tls.verifyFailure ?? 'unverified'}${tls.verifyErrorCode === undefined ? '' : `, ${tls.verifyErrorCode}`}): verification was turned off`,
    );
  }
  if (observation.redirects.length > 0)
    evidence.push(...describeHops(observation).map((hop) => `followed ${hop}`));
  const status = http === undefined ? '' : ` ${http.status}`;
  const dead = observation.deadAddresses ?? [];
  // Visitors whose client tries only the dead address (or tries it first and gives up) do not get in.
  const deadNote =
    dead.length === 0
      ? ''
      : `; but ${dead.map((entry) => formatHostPort(entry.address, entry.port)).join(', ')} did not answer`;
  return {
    verdict: 'ok',
    layer: VERDICT_LAYER.ok,
    summary: `${target.hostname}${describePath(target)} answered${status} in ${formatMilliseconds(observation.timings.total)}; every expectation held${deadNote}`,
    evidence,
  };
}
