import type { CheckReport } from '../diagnose/target-result.js';
import type { Clock, Sleep } from './clock.js';

/** Where a rollout stands after one round, for a progress line. */
export interface RoundProgress {
  round: number;
  /** targets whose verdict was ok this round */
  passing: number;
  total: number;
  /** targets that have now passed this many rounds in a row, counting this one */
  settledTargets: number;
  elapsedMs: number;
  withinMs: number;
}

export interface RoundsOptions {
  /** one round: every target checked once (a burst each) */
  runRound: () => Promise<CheckReport>;
  /** give up starting rounds once this much time has passed since the first started */
  withinMs: number;
  /** pause between rounds */
  pauseMs: number;
  clock: Clock;
  sleep: Sleep;
  signal?: AbortSignal;
  onRound?: (progress: RoundProgress) => void;
}

export interface RoundsOutcome {
  /** the last round's report: its verdicts are the ones that count */
  report: CheckReport;
  rounds: number;
  /** every target passed in each of the last two rounds */
  settled: boolean;
  interrupted: boolean;
}

/** A rollout is only done when a target passes twice running: once could be a lucky old instance. */
export const PASSES_IN_A_ROW = 2;

/**
 * Repeats rounds during a rollout until every target has passed twice in a row, the time is up, or the
 * signal aborts. A round already running when time runs out is finished, never cut short, so the final
 * verdicts are always those of a complete round.
 */
export async function runRounds(options: RoundsOptions): Promise<RoundsOutcome> {
  const startedAt = options.clock.now();
  const streaks = new Map<string, number>();
  let rounds = 0;
  for (;;) {
    const report = await options.runRound();
    rounds += 1;
    for (const result of report.results) {
      streaks.set(result.id, result.verdict === 'ok' ? (streaks.get(result.id) ?? 0) + 1 : 0);
    }
    const settledTargets = report.results.filter(
      (result) => (streaks.get(result.id) ?? 0) >= PASSES_IN_A_ROW,
    ).length;
    const elapsedMs = options.clock.now() - startedAt;
    options.onRound?.({
      round: rounds,
      passing: report.results.filter((result) => result.verdict === 'ok').length,
      total: report.results.length,
      settledTargets,
      elapsedMs,
      withinMs: options.withinMs,
    });
    const settled = settledTargets === report.results.length;
    const interrupted = options.signal?.aborted === true;
    if (settled || interrupted || elapsedMs + options.pauseMs >= options.withinMs) {
      return { report, rounds, settled, interrupted };
    }
    await options.sleep(options.pauseMs, options.signal);
    if (options.signal?.aborted === true) return { report, rounds, settled, interrupted: true };
  }
}
