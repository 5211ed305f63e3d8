import type { Target } from '../config/target.js';
import { correlate } from '../diagnose/correlate.js';
import { diagnoseBurst } from '../diagnose/diagnose.js';
import type { CheckReport, TargetResult } from '../diagnose/target-result.js';
import { mapConcurrent } from '../probe/map-concurrent.js';
import type { ProbeObservation, ProbeRequest } from '../probe/observation.js';
import type { ProbeOptions } from '../probe/probe-options.js';
import { runBurst } from '../probe/run-burst.js';
import { runProbe } from '../probe/run-probe.js';
import { assembleResult } from './assemble-result.js';
import { buildProbeRequest } from './build-probe-request.js';
import { type CatchAllLookup, createCatchAllCache } from './catch-all-cache.js';

export type ProbeFn = (request: ProbeRequest, options: ProbeOptions) => Promise<ProbeObservation>;
export type BurstFn = (
  request: ProbeRequest,
  options: ProbeOptions,
  size: number,
) => Promise<ProbeObservation[]>;

export interface CheckOptions {
  probe: ProbeOptions;
  /** 1 = a single probe per target; N = N probes at once, each on its own connection */
  burst: number;
  /** how many targets are probed at the same time */
  concurrency: number;
  /** compare pinned targets with what the same door answers for a Host it cannot route */
  catchAll: boolean;
  /** called as each target completes (completion order), for streaming output */
  onResult?: (result: TargetResult) => void;
  /** injected probe functions; default to the real probe layer */
  probeFn?: ProbeFn;
  burstFn?: BurstFn;
}

/**
 * Probes every target, diagnoses each, and correlates the run into findings.
 * Results keep the order of `targets` whatever order they complete in. A catch-all probe rides along with
 * the first target of its front door, so at most one extra request per target is in flight.
 */
export async function runCheck(targets: Target[], options: CheckOptions): Promise<CheckReport> {
  const probeFn = options.probeFn ?? runProbe;
  const burstFn = options.burstFn ?? runBurst;
  const catchAllFor: CatchAllLookup | undefined = options.catchAll
    ? createCatchAllCache((request) => probeFn(request, options.probe))
    : undefined;

  const results = await mapConcurrent(targets, options.concurrency, async (target) => {
    const request = buildProbeRequest(target);
    const catchAllPending = catchAllFor?.(target);
    const probing =
      options.burst > 1
        ? burstFn(request, options.probe, options.burst)
        : probeFn(request, options.probe).then((observation) => [observation]);
    // Awaited together: when the target's own probes reject (this machine out of descriptors), a catch-all
    // that rejects as well must still have a handler, or Node reports it unhandled with a stack trace and
    // exit 1 right after the one-line error.
    const [observations, catchAll] = await Promise.all([probing, catchAllPending]);
    const result = checkTarget(target, observations, catchAll);
    options.onResult?.(result);
    return result;
  });

  return { ok: results.every((result) => result.verdict === 'ok'), results, findings: correlate(results) };
}

function checkTarget(
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
