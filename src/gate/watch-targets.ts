import type { Target } from '../config/target.js';
import type { Verdict } from '../diagnose/verdict.js';
import type { Clock, Sleep } from './clock.js';
import type { ProbeSample } from './measure-gaps.js';

/** A probe made while watching, with the verdict it earned. */
export interface WatchSample extends ProbeSample {
  verdict: Verdict;
}

export interface WatchOptions {
  /** probes a target once and judges the answer */
  check: (target: Target) => Promise<Verdict>;
  /** each target gets a new probe this often (a slow probe delays the next; probes never overlap) */
  intervalMs: number;
  clock: Clock;
  sleep: Sleep;
}

export interface TargetWatch {
  /**
   * stops starting probes, waits for those in flight, and returns every target's samples by name; rethrows
   * the first error a check threw, after which watching had stopped
   */
  stop(): Promise<Map<string, WatchSample[]>>;
}

/**
 * Probes every target continuously until stopped: one probe per target at a time, one every
 * `intervalMs`, so the load on the fleet stays bounded at (targets) requests per interval.
 */
export function watchTargets(targets: readonly Target[], options: WatchOptions): TargetWatch {
  const stopping = new AbortController();
  const samples = new Map<string, WatchSample[]>(targets.map((target) => [target.id, []]));
  // A check that throws (this machine out of sockets, say) makes every later sample meaningless: all loops
  // stop at once and stop() reports it. Caught here so it never surfaces as an unhandled rejection while
  // the deploy is still running and nobody awaits the loops yet.
  let failure: { error: unknown } | undefined;
  const loops = targets.map(async (target) => {
    const own = samples.get(target.id) ?? [];
    try {
      while (!stopping.signal.aborted) {
        const startedAtMs = options.clock.now();
        const verdict = await options.check(target);
        own.push({ startedAtMs, passed: verdict === 'ok', verdict });
        const wait = startedAtMs + options.intervalMs - options.clock.now();
        if (wait > 0) await options.sleep(wait, stopping.signal);
      }
    } catch (error) {
      failure ??= { error };
      stopping.abort();
    }
  });
  return {
    async stop() {
      stopping.abort();
      await Promise.all(loops);
      if (failure !== undefined) throw failure.error;
      return samples;
    },
  };
}
