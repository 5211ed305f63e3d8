import { formatMilliseconds } from '../../format/format-milliseconds.js';
import type { Phase, PhaseFailure, ProbeObservation } from '../../probe/observation.js';
import type { Verdict } from '../verdict.js';

const PHASE_VERDICT: Record<Phase, Verdict> = {
  dns: 'dns_failure',
  connect: 'connect_timeout',
  tls: 'tls_handshake_failed',
  http: 'response_timeout',
};

const PHASE_NAME: Record<Phase, string> = {
  dns: 'resolving',
  connect: 'the TCP connect',
  tls: 'the TLS handshake',
  http: 'waiting for the response',
};

/** What each phase of the last attempt took, the failing one included: where the deadline went. */
function spentByPhase(observation: ProbeObservation, failure: PhaseFailure): Array<[Phase, number]> {
  const { timings } = observation;
  const spent: Array<[Phase, number]> = [];
  if (timings.dns !== undefined) spent.push(['dns', timings.dns]);
  if (timings.connect !== undefined) spent.push(['connect', timings.connect]);
  if (timings.tls !== undefined) spent.push(['tls', timings.tls]);
  if (timings.ttfb !== undefined) spent.push(['http', timings.ttfb + (timings.transfer ?? 0)]);
  const own = spent.find(([phase]) => phase === failure.phase);
  if (own === undefined) spent.push([failure.phase, failure.durationMs]);
  else own[1] = Math.max(own[1], failure.durationMs);
  return spent;
}

/**
 * The whole probe's deadline ran out (total_timeout). The phase it ran out in is not to blame by itself:
 * with a short deadline it may have had no time at all. The verdict goes to the phase that used most of the
 * deadline, and the summary names the deadline and where the time went.
 */
export function describeDeadline(
  observation: ProbeObservation,
  failure: PhaseFailure,
  subject: Record<Phase, string>,
): { verdict: Verdict; summary: string } {
  const spent = spentByPhase(observation, failure);
  const [heaviest] = [...spent].sort((a, b) => b[1] - a[1]);
  const phase = heaviest?.[0] ?? failure.phase;
  const deadline =
    failure.deadlineMs === undefined
      ? "the probe's whole deadline"
      : `the probe's whole deadline (${formatMilliseconds(failure.deadlineMs)})`;
  const breakdown = spent.map(([name, ms]) => `${PHASE_NAME[name]} ${formatMilliseconds(ms)}`).join(', ');
  const where =
    phase === failure.phase
      ? `during ${PHASE_NAME[failure.phase]}`
      : `during ${PHASE_NAME[failure.phase]}, after ${PHASE_NAME[phase]} had used most of it`;
  return {
    verdict: PHASE_VERDICT[phase],
    summary: `${deadline} ran out ${where} (${breakdown}): ${subject[phase]}; if the deadline is too short for this path, raise --timeout`,
  };
}
