import type { Target } from '../config/target.js';
import { diagnoseBurst } from '../diagnose/diagnose.js';
import type { TargetResult } from '../diagnose/target-result.js';
import type { ProbeObservation, ProbeRequest } from '../probe/observation.js';
import type { ProbeOptions } from '../probe/probe-options.js';
import { assembleResult } from './assemble-result.js';
import { buildProbeRequest } from './build-probe-request.js';
import type { CatchAllLookup } from './catch-all-cache.js';

export type ProbeFn = (request: ProbeRequest, options: ProbeOptions) => Promise<ProbeObservation>;
export type BurstFn = (
  request: ProbeRequest,
  options: ProbeOptions,
  size: number,
) => Promise<ProbeObservation[]>;

export interface ProbeTargetOptions {
  probe: ProbeOptions;
  /** 1 = a single probe; N = N probes at once, each on its own connection */
  burst: number;
  probeFn: ProbeFn;
  burstFn: BurstFn;
  /** the catch-all comparison for pinned targets; absent: none */
  catchAllFor?: CatchAllLookup | undefined;
}

/**
 * Probes one target (a single probe or a burst, with its front door's catch-all alongside) and diagnoses
 * it: what `frontdoor check` does for each target, and what the watch does for each round.
 */
export async function probeTarget(target: Target, options: ProbeTargetOptions): Promise<TargetResult> {
  const request = buildProbeRequest(target);
  const catchAllPending = options.catchAllFor?.(target);
  const probing =
    options.burst > 1
      ? options.burstFn(request, options.probe, options.burst)
      : options.probeFn(request, options.probe).then((observation) => [observation]);
  // Awaited together: when the target's own probes reject (this machine out of descriptors), a catch-all
  // that rejects as well must still have a handler, or Node reports it unhandled with a stack trace and
  // exit 1 right after the one-line error.
  const [observations, catchAll] = await Promise.all([probing, catchAllPending]);
  return diagnoseTarget(target, observations, catchAll);
}

/** Diagnoses one target's observations (and its door's catch-all answer) into its result. */
export function diagnoseTarget(
  target: Target,
  observations: ProbeObservation[],
  catchAll: ProbeObservation | undefined,
): TargetResult {
  const withCatchAll = catchAll === undefined ? {} : { catchAll };
  // Each request's own verdict comes from the same judgement as the combined one, so "k of N failed" and
  // the representative agree with the verdict they sit beside.
  const { diagnosis, members } = diagnoseBurst({ target, observations, ...withCatchAll });
  const failed = members.map((member) => member.verdict !== 'ok');
  return assembleResult({ target, observations, diagnosis, failed });
}
