import type { Target } from '../config/target.js';
import { correlate } from '../diagnose/correlate.js';
import type { CheckReport, TargetResult } from '../diagnose/target-result.js';
import { mapConcurrent } from '../probe/map-concurrent.js';
import type { ProbeOptions } from '../probe/probe-options.js';
import { runBurst } from '../probe/run-burst.js';
import { runProbe } from '../probe/run-probe.js';
import { type CatchAllLookup, catchAllProbeOptions, createCatchAllCache } from './catch-all-cache.js';
import { type BurstFn, type ProbeFn, probeTarget } from './probe-target.js';

export type { BurstFn, ProbeFn } from './probe-target.js';

export interface CheckOptions {
  probe: ProbeOptions;
  /** 1 = a single probe per target; N = N probes at once, each on its own connection */
  burst: number;
  /** how many targets are probed at the same time */
  concurrency: number;
  /**
   * compare pinned targets with what the same door answers for a Host it cannot route (asked only for
   * answers the comparison can change, once per door: catch-all-cache.ts)
   */
  catchAll: boolean;
  /** called as each target completes (completion order), for streaming output */
  onResult?: (result: TargetResult) => void;
  /** injected probe functions; default to the real probe layer */
  probeFn?: ProbeFn;
  burstFn?: BurstFn;
}

/**
 * Probes every target, diagnoses each, and correlates the run into findings.
 * Results keep the order of `targets` whatever order they complete in. A door's catch-all is asked after a
 * target's own probe, and only when its answer is one the comparison can change: a healthy fleet sends no
 * catch-all request, and a worker never has more than one request of its own in flight besides a burst.
 */
export async function runCheck(targets: Target[], options: CheckOptions): Promise<CheckReport> {
  const probeFn = options.probeFn ?? runProbe;
  const burstFn = options.burstFn ?? runBurst;
  const catchAllFor: CatchAllLookup | undefined = options.catchAll
    ? createCatchAllCache((request) => probeFn(request, catchAllProbeOptions(options.probe)))
    : undefined;
  const results = await mapConcurrent(targets, options.concurrency, async (target) => {
    const result = await probeTarget(target, {
      probe: options.probe,
      burst: options.burst,
      probeFn,
      burstFn,
      catchAllFor,
    });
    options.onResult?.(result);
    return result;
  });
  return { ok: results.every((result) => result.verdict === 'ok'), results, findings: correlate(results) };
}
