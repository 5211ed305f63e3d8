import type { Target } from '../config/target.js';
import { type BurstDiagnosis, diagnoseBurst, findObservationNeedingCatchAll } from '../diagnose/diagnose.js';
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
 * Probes one target (a single probe or a burst) and diagnoses it: what `frontdoor check` does for each
 * target, and what the watch does for each round. The door's catch-all is asked only when an answer failed
 * (the only answers it can explain: findObservationNeedingCatchAll), and only once the target's own probes
 * have answered, so nothing of this target is in flight when they reject (this machine out of descriptors)
 * and every rejection has its handler; a healthy fleet sends no catch-all request at all.
 */
export async function probeTarget(target: Target, options: ProbeTargetOptions): Promise<TargetResult> {
  const request = buildProbeRequest(target);
  const observations =
    options.burst > 1
      ? await options.burstFn(request, options.probe, options.burst)
      : [await options.probeFn(request, options.probe)];
  let judged = diagnoseBurst({ target, observations });
  const pending =
    options.catchAllFor === undefined
      ? undefined
      : askCatchAll(options.catchAllFor, target, observations, judged);
  const catchAll = pending === undefined ? undefined : await pending;
  if (catchAll !== undefined) judged = diagnoseBurst({ target, observations, catchAll });
  return assembleFrom(target, observations, judged);
}

function askCatchAll(
  lookup: CatchAllLookup,
  target: Target,
  observations: ProbeObservation[],
  judged: BurstDiagnosis,
): Promise<ProbeObservation | undefined> | undefined {
  if (target.connectTo === undefined || target.catchAll === false) return undefined;
  const answered = findObservationNeedingCatchAll(observations, judged.members);
  return answered === undefined ? undefined : lookup(target, answered);
}

/** Diagnoses one target's observations (and its door's catch-all answer) into its result. */
export function diagnoseTarget(
  target: Target,
  observations: ProbeObservation[],
  catchAll: ProbeObservation | undefined,
): TargetResult {
  const withCatchAll = catchAll === undefined ? {} : { catchAll };
  return assembleFrom(target, observations, diagnoseBurst({ target, observations, ...withCatchAll }));
}

function assembleFrom(
  target: Target,
  observations: ProbeObservation[],
  judged: BurstDiagnosis,
): TargetResult {
  // Each request's own verdict comes from the same judgement as the combined one, so "k of N failed" and
  // the representative agree with the verdict they sit beside.
  const failed = judged.members.map((member) => member.verdict !== 'ok');
  return assembleResult({ target, observations, diagnosis: judged.diagnosis, failed });
}
