import { type CatchAllLookup, catchAllProbeOptions, createCatchAllCache } from '../check/catch-all-cache.js';
import { type BurstFn, type ProbeFn, probeTarget } from '../check/probe-target.js';
import { correlate } from '../diagnose/correlate.js';
import { isPassingVerdict } from '../diagnose/passing.js';
import type { TargetResult } from '../diagnose/target-result.js';
import type { Finding } from '../diagnose/verdict.js';
import type { ProbeReason, RoundBatch, TargetRound } from '../incidents/round.js';
import type { Logger } from '../log/logger.js';
import { runBurst } from '../probe/run-burst.js';
import { runProbe } from '../probe/run-probe.js';
import { createLagTracker, type LagSummary } from './lag-tracker.js';
import type { WatchPlan, WatchTarget } from './plan-watch.js';
import { createRoundScheduler, type RoundStart } from './round-scheduler.js';
import { shareUnchanged } from './share-unchanged.js';
import type { WatchClock } from './watch-clock.js';

/** The contract's confirmation burst: on a first failure, five requests on fresh connections at once. */
export const CONFIRMATION_BURST = 5;
/** Rounds completed within this window go into one batch (and one `correlate` over every target). */
export const DEFAULT_BATCH_MS = 1_000;
/** A due round waiting longer than this means the scheduler is behind (`/readyz`). */
export const DEFAULT_LATE_MS = 1_000;

/** What the watch tells as results arrive; createWatchMetrics' return value fits. */
export interface RoundObserver {
  recordResult(result: TargetResult, location?: string): void;
  retainTargets(ids: Iterable<string>): unknown;
  setSchedulerLag(seconds: number): void;
}

export interface WatchOptions {
  /** this node's `--location` */
  location: string;
  clock: WatchClock;
  logger: Logger;
  /** where closed batches go: the store writer */
  sink: { enqueue(batch: RoundBatch): void };
  observer?: RoundObserver;
  probeFn?: ProbeFn;
  burstFn?: BurstFn;
  batchMs?: number;
  lateMs?: number;
}

export interface WatchStatus {
  location: string;
  running: boolean;
  targets: number;
  inFlight: number;
  waiting: number;
  /** rounds started since start */
  rounds: number;
  missedRounds: number;
  /** lag of round starts over the last minute */
  lag: LagSummary;
  /** how long the longest-waiting due round has waited */
  waitingLagMs: number;
  /** no due round has waited longer than lateMs */
  onTime: boolean;
}

export interface Watch {
  /** (re)configures: new targets get slots, removed ones stop and are forgotten, caps and intervals apply */
  apply(plan: WatchPlan): void;
  /** seeds each target's latest round from the store, so a restart knows what passed last */
  resume(rounds: readonly TargetRound[]): void;
  start(): void;
  /** stops starting rounds, waits for those in flight and closes the last batch */
  stop(): Promise<void>;
  status(): WatchStatus;
  /** the latest round of every configured target that has one */
  latest(): ReadonlyMap<string, TargetRound>;
  /** correlate's findings over those latest rounds */
  findings(): Finding[];
  plan(): WatchPlan | undefined;
  /**
   * A maintenance window ended: each of these targets gets a burst at once (reason `sweep`), ahead of its
   * schedule. Returns how many were asked (unknown ids and a stopped watch ask none).
   */
  sweep(ids: Iterable<string>): number;
}

// Rounds due within this much of each other start in one wake-up (see round-scheduler.ts): at 333 probes a
// second that is ~7 a wake-up instead of 1, for a start at most 20 ms early (a hundredth of the interval at
// most), far below anything a 1 s resolution of history or a 30 s interval shows.
const WAKE_SLACK_MS = 20;

/**
 * The watch: schedules every target (round-scheduler.ts), probes and diagnoses each round with `check`'s
 * own code (probeTarget, catch-all comparison, bursts), confirms a first failure with a burst of
 * CONFIRMATION_BURST at once, and every batchMs closes a RoundBatch of the rounds completed meanwhile with
 * `correlate`'s findings over the latest result of every target, for the sink (the store).
 */
export function createWatch(options: WatchOptions): Watch {
  const { clock, location } = options;
  const probeFn = options.probeFn ?? runProbe;
  const burstFn = options.burstFn ?? runBurst;
  const batchMs = options.batchMs ?? DEFAULT_BATCH_MS;
  const lateMs = options.lateMs ?? DEFAULT_LATE_MS;
  const latest = new Map<string, TargetRound>();
  const lag = createLagTracker();
  let current: WatchPlan | undefined;
  let currentIds = new Set<string>();
  let pending: TargetRound[] = [];
  let rounds = 0;
  let running = false;
  let cancelBatch: (() => void) | undefined;
  let catchAll: { lookup: CatchAllLookup; bornMs: number; plan: WatchPlan } | undefined;
  /**
   * correlate's findings depend on each result's verdict and layer and on the target set only (the rest
   * of what it reads is fixed per target), and it costs ~10 ms per 1000 targets: recompute only when one
   * of those changed since the last batch.
   */
  let findings: Finding[] = [];
  let findingsStale = true;

  /** One catch-all probe per front door per interval, shared by every target behind it. */
  const catchAllFor = (plan: WatchPlan): CatchAllLookup => {
    const now = clock.now();
    if (
      catchAll === undefined ||
      catchAll.plan !== plan ||
      now - catchAll.bornMs >= plan.settings.intervalMs
    ) {
      catchAll = {
        lookup: createCatchAllCache((request) => probeFn(request, catchAllProbeOptions(plan.probe))),
        bornMs: now,
        plan,
      };
    }
    return catchAll.lookup;
  };

  const runRound = async (start: RoundStart<WatchTarget>): Promise<void> => {
    const plan = current;
    if (plan === undefined) return;
    const startedMs = clock.now();
    rounds += 1;
    if (start.reason === 'scheduled') {
      lag.record(startedMs, start.lagMs);
      options.observer?.setSchedulerLag(start.lagMs / 1000);
    }
    const burst = burstOf(start.reason, plan.settings.burst);
    let result: TargetResult;
    try {
      result = await probeTarget(start.target.target, {
        probe: plan.probe,
        burst,
        probeFn,
        burstFn,
        catchAllFor: catchAllFor(plan),
      });
    } catch (error) {
      // A failed probe is an observation; an exception here is a bug or this machine's limits (out of
      // descriptors): it must not pass for the target's fault, so the round is not recorded.
      options.logger.error(
        { target: start.target.id, reason: error instanceof Error ? error.message : String(error) },
        'watch: a round could not run',
      );
      return;
    }
    // A target removed by a reload while its round ran is forgotten, not recorded.
    if (!currentIds.has(start.target.id)) return;
    const previous = latest.get(result.id);
    const round: TargetRound = {
      at: new Date(startedMs).toISOString(),
      location,
      reason: start.reason,
      result: shareUnchanged(result, previous?.result),
    };
    latest.set(result.id, round);
    if (
      previous === undefined ||
      previous.result.verdict !== result.verdict ||
      previous.result.layer !== result.layer
    ) {
      findingsStale = true;
    }
    pending.push(round);
    options.observer?.recordResult(result, location);
    if (
      start.reason === 'scheduled' &&
      !isPassingVerdict(result.verdict) &&
      (previous === undefined || isPassingVerdict(previous.result.verdict))
    ) {
      scheduler.runNow(result.id, 'confirmation');
    }
  };

  const scheduler = createRoundScheduler<WatchTarget>({
    clock,
    concurrency: 1,
    originConcurrency: 1,
    slackMs: WAKE_SLACK_MS,
    run: runRound,
    onMissed: (target, count) => {
      options.logger.warn(
        { target: target.id, missed: count },
        'watch: a round was still running at its next slots; slots skipped (counted in missedRounds)',
      );
    },
  });

  const currentFindings = (): Finding[] => {
    if (findingsStale) {
      findings = correlate([...latest.values()].map((round) => round.result));
      findingsStale = false;
    }
    return findings;
  };

  const closeBatch = () => {
    if (pending.length === 0) return;
    const batch: RoundBatch = {
      type: 'rounds',
      at: new Date(clock.now()).toISOString(),
      location,
      rounds: pending,
      findings: currentFindings(),
    };
    pending = [];
    options.sink.enqueue(batch);
  };

  const armBatch = () => {
    cancelBatch = clock.setTimer(batchMs, () => {
      closeBatch();
      if (running) armBatch();
    });
  };

  return {
    apply(plan) {
      current = plan;
      const ids = new Set(plan.targets.map((target) => target.id));
      currentIds = ids;
      findingsStale = true;
      for (const id of latest.keys()) if (!ids.has(id)) latest.delete(id);
      options.observer?.retainTargets(ids);
      scheduler.setCaps({
        concurrency: plan.settings.concurrency,
        originConcurrency: plan.settings.originConcurrency,
      });
      scheduler.setTargets(plan.targets);
    },
    resume(stored) {
      for (const round of stored) {
        if (!currentIds.has(round.result.id)) continue;
        const known = latest.get(round.result.id);
        if (known === undefined || known.at < round.at) latest.set(round.result.id, round);
      }
      findingsStale = true;
      for (const round of latest.values()) options.observer?.recordResult(round.result, location);
    },
    start() {
      if (running) return;
      running = true;
      scheduler.start();
      armBatch();
    },
    async stop() {
      running = false;
      cancelBatch?.();
      await scheduler.stop();
      closeBatch();
    },
    status() {
      const stats = scheduler.stats();
      return {
        location,
        running,
        targets: stats.targets,
        inFlight: stats.inFlight,
        waiting: stats.waiting,
        rounds,
        missedRounds: stats.missedRounds,
        lag: lag.summarize(clock.now() - 60_000),
        waitingLagMs: stats.waitingLagMs,
        onTime: stats.waitingLagMs <= lateMs,
      };
    },
    latest: () => latest,
    findings: currentFindings,
    plan: () => current,
    sweep(ids) {
      let asked = 0;
      for (const id of ids) if (scheduler.runNow(id, 'sweep')) asked += 1;
      return asked;
    },
  };
}

function burstOf(reason: ProbeReason, scheduled: number): number {
  return reason === 'scheduled' ? scheduled : Math.max(CONFIRMATION_BURST, scheduled);
}
