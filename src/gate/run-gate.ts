import { buildProbeRequest } from '../check/build-probe-request.js';
import { type BurstFn, type ProbeFn, runCheck } from '../check/run-check.js';
import type { Target } from '../config/target.js';
import { diagnose } from '../diagnose/diagnose.js';
import type { CheckReport } from '../diagnose/target-result.js';
import type { Verdict } from '../diagnose/verdict.js';
import { FrontdoorError } from '../errors.js';
import type { ProbeOptions } from '../probe/probe-options.js';
import { runProbe } from '../probe/run-probe.js';
import type { Clock, Sleep } from './clock.js';
import { failedDuringDeploy } from './fails-gate.js';
import type { DeployReport, DeployTargetReport, GateMode, GateReport } from './gate-report.js';
import { judgeGate } from './judge-gate.js';
import { measureGaps } from './measure-gaps.js';
import { type RoundProgress, runRounds } from './run-rounds.js';
import type { DeploySpawner } from './spawn-deploy.js';
import { type DeployOutcome, startDeploy } from './start-deploy.js';
import { type WatchSample, watchTargets } from './watch-targets.js';

export interface GateOptions {
  targets: Target[];
  probe: ProbeOptions;
  /** requests per target in the final check, at once, each on a fresh connection */
  burst: number;
  concurrency: number;
  /** compare pinned targets with their door's catch-all answer in the final check (default true) */
  catchAll?: boolean;
  /** retry rounds until every target passes twice in a row, for at most this long */
  withinMs?: number;
  /** pause between probes of one target while a deploy runs, and between rounds */
  intervalMs: number;
  /** failure windows during the deploy up to this long do not fail the gate */
  allowGapMs?: number;
  /** run this command and watch every target while it runs */
  deploy?: { command: string[]; spawn: DeploySpawner; output: (text: string) => void };
  clock: Clock;
  sleep: Sleep;
  /** aborting (Ctrl-C) stops the deploy command and the probing; no new round starts */
  signal?: AbortSignal;
  onRound?: (progress: RoundProgress) => void;
  /** injected probe functions; default to the real probe layer */
  probeFn?: ProbeFn;
  burstFn?: BurstFn;
}

/**
 * `frontdoor verify` as a library: optionally run a deploy command while probing every target
 * continuously, then the final check (one burst round, or rounds until settled with `withinMs`), and judge
 * it all. A deploy command that cannot start at all is bad input: FrontdoorError FD_ERR_USAGE.
 */
export async function runGate(options: GateOptions): Promise<GateReport> {
  const started = options.deploy === undefined ? undefined : startWatchedDeploy(options, options.deploy);
  try {
    return await decideGate(options, started === undefined ? undefined : await started.report);
  } finally {
    // Whatever the deploy left running (a background child holding its pipes, a grandchild that ignores
    // SIGTERM) ends with the gate, decided or thrown.
    await started?.release();
  }
}

async function decideGate(options: GateOptions, deploy: DeployReport | undefined): Promise<GateReport> {
  const mode: GateMode =
    options.deploy !== undefined ? 'during' : options.withinMs !== undefined ? 'within' : 'burst';
  const interruptedEarly = options.signal?.aborted === true;
  let check: CheckReport = { ok: false, results: [], findings: [] };
  let rounds = 0;
  let settled: boolean | undefined;
  let interrupted = interruptedEarly;
  if (!interruptedEarly) {
    const runRound = () =>
      runCheck(options.targets, {
        probe: options.probe,
        burst: options.burst,
        concurrency: options.concurrency,
        catchAll: options.catchAll ?? true,
        ...(options.probeFn === undefined ? {} : { probeFn: options.probeFn }),
        ...(options.burstFn === undefined ? {} : { burstFn: options.burstFn }),
      });
    if (options.withinMs === undefined) {
      check = await runRound();
      rounds = 1;
      // A burst cannot be cut short, but Ctrl-C during it must never end in "gate: passed" and exit 0.
      interrupted = options.signal?.aborted === true;
    } else {
      const outcome = await runRounds({
        runRound,
        withinMs: options.withinMs,
        pauseMs: options.intervalMs,
        clock: options.clock,
        sleep: options.sleep,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.onRound === undefined ? {} : { onRound: options.onRound }),
      });
      ({ report: check, rounds, settled } = outcome);
      interrupted = outcome.interrupted;
    }
  }

  const judgement = judgeGate({
    check,
    checkSkipped: interruptedEarly,
    ...(deploy === undefined ? {} : { deploy }),
    ...(options.allowGapMs === undefined ? {} : { allowGapMs: options.allowGapMs }),
    interrupted,
    rounds,
  });
  return {
    check,
    gate: {
      mode,
      ok: judgement.ok,
      reasons: judgement.reasons,
      burst: options.burst,
      rounds,
      ...(options.withinMs === undefined ? {} : { withinMs: options.withinMs }),
      ...(settled === undefined ? {} : { settled }),
      ...(options.allowGapMs === undefined ? {} : { allowGapMs: options.allowGapMs }),
      interrupted,
      ...(deploy === undefined ? {} : { deploy }),
    },
  };
}

/**
 * Starts the deploy command and watches every target until the command exits. `report` rejects when the
 * command cannot start or watching failed; `release` must run either way.
 */
function startWatchedDeploy(
  options: GateOptions,
  deploy: NonNullable<GateOptions['deploy']>,
): { report: Promise<DeployReport>; release: () => Promise<void> } {
  const probeFn = options.probeFn ?? runProbe;
  // One request, judged alone: no catch-all comparison, so watching adds exactly one request per interval.
  const check = async (target: Target): Promise<Verdict> => {
    const observation = await probeFn(buildProbeRequest(target), options.probe);
    return diagnose({ target, observations: [observation] }).verdict;
  };
  const watch = watchTargets(options.targets, {
    check,
    intervalMs: options.intervalMs,
    clock: options.clock,
    sleep: options.sleep,
  });
  const running = startDeploy(deploy.command, {
    spawn: deploy.spawn,
    clock: options.clock,
    sleep: options.sleep,
    output: deploy.output,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const report = (async () => {
    const outcome = await running.finished;
    const samples = await watch.stop();
    const endMs = options.clock.now();
    if (outcome.exit.kind === 'failed_to_start') {
      throw new FrontdoorError(
        'FD_ERR_USAGE',
        `frontdoor verify: --during: cannot run '${deploy.command[0]}': ${outcome.exit.detail}`,
      );
    }
    return toDeployReport(outcome, options.targets, samples, endMs, options.allowGapMs);
  })();
  return { report, release: () => running.release() };
}

function toDeployReport(
  outcome: DeployOutcome,
  targets: readonly Target[],
  samples: Map<string, WatchSample[]>,
  endMs: number,
  allowGapMs: number | undefined,
): DeployReport {
  const perTarget = targets.map((target): DeployTargetReport => {
    const own = samples.get(target.id) ?? [];
    const measure = measureGaps(own, endMs);
    return {
      id: target.id,
      target: target.name,
      sent: measure.sent,
      failed: measure.failed,
      longestGapMs: measure.longestGapMs,
      gapStartedAt:
        measure.gapStartedAtMs === undefined ? null : new Date(measure.gapStartedAtMs).toISOString(),
      failedVerdicts: countFailedVerdicts(own),
      failsGate: failedDuringDeploy(measure, allowGapMs),
    };
  });
  return {
    command: outcome.command,
    exitCode: outcome.exit.kind === 'exited' ? outcome.exit.code : null,
    signal: outcome.exit.kind === 'signaled' ? outcome.exit.signal : null,
    durationMs: outcome.durationMs,
    interrupted: outcome.interrupted,
    perTarget,
  };
}

function countFailedVerdicts(samples: readonly WatchSample[]): Array<{ verdict: Verdict; count: number }> {
  const counts = new Map<Verdict, number>();
  for (const sample of samples) {
    if (!sample.passed) counts.set(sample.verdict, (counts.get(sample.verdict) ?? 0) + 1);
  }
  return [...counts].map(([verdict, count]) => ({ verdict, count })).sort((a, b) => b.count - a.count);
}
