import type { Target } from '../config/target.js';
import type { TargetResult } from '../diagnose/target-result.js';
import type { Diagnosis } from '../diagnose/verdict.js';
import type { ProbeObservation } from '../probe/observation.js';
import { formatConnectTo } from './format-connect-to.js';

/**
 * The observation a result reports status and timings from: the first failing one, since that is the
 * one an operator has to explain; when all passed, the slowest, since that bounds what visitors saw.
 */
export function pickRepresentative(
  observations: readonly ProbeObservation[],
  failed: readonly boolean[],
): ProbeObservation {
  const firstFailing = observations.find((_, index) => failed[index] === true);
  if (firstFailing !== undefined) return firstFailing;
  const [first, ...rest] = observations;
  if (first === undefined) throw new RangeError('pickRepresentative needs at least one observation');
  return rest.reduce((slowest, next) => (next.timings.total > slowest.timings.total ? next : slowest), first);
}

export interface AssembleInput {
  target: Target;
  observations: readonly ProbeObservation[];
  diagnosis: Diagnosis;
  /** per observation: did it fail on its own (used for the representative and the burst count) */
  failed: readonly boolean[];
}

/** Builds the `frontdoor check --json` result of one target (DESIGN.md contract). */
export function assembleResult({ target, observations, diagnosis, failed }: AssembleInput): TargetResult {
  const representative = pickRepresentative(observations, failed);
  const result: TargetResult = {
    id: target.id,
    target: target.name,
    url: target.url,
    connectTo: target.connectTo === undefined ? null : formatConnectTo(target.connectTo, new URL(target.url)),
    verdict: diagnosis.verdict,
    layer: diagnosis.layer,
    summary: diagnosis.summary,
    evidence: [...diagnosis.evidence],
    status: representative.http?.status ?? null,
    timings: { ...representative.timings },
    hostname: target.hostname,
    via: target.via,
  };
  if (target.site !== undefined) result.site = target.site;
  if (target.origin !== undefined) result.origin = target.origin;
  if (target.environment !== undefined) result.environment = target.environment;
  if (observations.length > 1) {
    result.burst = { size: observations.length, failed: failed.filter(Boolean).length };
  }
  return result;
}
