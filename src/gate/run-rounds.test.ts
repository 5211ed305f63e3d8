import { describe, expect, it } from 'vitest';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import type { CheckReport } from '../diagnose/target-result.js';
import type { Verdict } from '../diagnose/verdict.js';
import { createFakeClock } from './fake-clock.test-helper.js';
import { type RoundProgress, runRounds } from './run-rounds.js';

/** Rounds scripted as the verdicts of web1 and web2; each round "takes" 300 ms on the fake clock. */
function scriptedRounds(clock: ReturnType<typeof createFakeClock>, script: Array<[Verdict, Verdict]>) {
  let index = 0;
  const calls = { count: 0 };
  const runRound = async (): Promise<CheckReport> => {
    const [web1, web2] = script[Math.min(index, script.length - 1)] ?? ['ok', 'ok'];
    index += 1;
    calls.count += 1;
    clock.advance(300);
    const results = [buildResult('shop.test', 'web1', web1), buildResult('shop.test', 'web2', web2)];
    return { ok: results.every((result) => result.verdict === 'ok'), results, findings: [] };
  };
  return { runRound, calls };
}

describe('runRounds', () => {
  it('stops as soon as every target has passed twice in a row', async () => {
    const clock = createFakeClock();
    const { runRound, calls } = scriptedRounds(clock, [
      ['ok', 'connect_refused'],
      ['ok', 'wrong_version'],
      ['ok', 'ok'],
      ['ok', 'ok'],
      ['ok', 'ok'],
    ]);
    const progress: RoundProgress[] = [];
    const outcome = await runRounds({
      runRound,
      withinMs: 60_000,
      pauseMs: 1000,
      clock,
      sleep: clock.sleep,
      onRound: (entry) => progress.push(entry),
    });
    expect(outcome).toMatchObject({ rounds: 4, settled: true, interrupted: false });
    expect(outcome.report.ok).toBe(true);
    expect(calls.count).toBe(4);
    expect(progress.map((entry) => [entry.round, entry.passing, entry.settledTargets])).toEqual([
      [1, 1, 0],
      [2, 1, 1],
      [3, 2, 1],
      [4, 2, 2],
    ]);
    expect(clock.sleeps).toEqual([1000, 1000, 1000]);
  });

  it('resets a streak when a target fails again, so one lucky pass is not enough', async () => {
    const clock = createFakeClock();
    const { runRound } = scriptedRounds(clock, [
      ['ok', 'ok'],
      ['ok', 'intermittent'],
      ['ok', 'ok'],
      ['ok', 'ok'],
    ]);
    const outcome = await runRounds({ runRound, withinMs: 60_000, pauseMs: 500, clock, sleep: clock.sleep });
    expect(outcome.rounds).toBe(4);
    expect(outcome.settled).toBe(true);
  });

  it('gives up when time runs out and keeps the last round as the final verdicts', async () => {
    const clock = createFakeClock();
    const { runRound } = scriptedRounds(clock, [['ok', 'wrong_version']]);
    const outcome = await runRounds({ runRound, withinMs: 5000, pauseMs: 1000, clock, sleep: clock.sleep });
    // each round costs 300 ms + a 1000 ms pause: rounds start at 0, 1.3, 2.6, 3.9 s; the 4th ends at 4.2 s
    expect(outcome.rounds).toBe(4);
    expect(outcome.settled).toBe(false);
    expect(outcome.report.ok).toBe(false);
    expect(outcome.report.results.map((result) => result.verdict)).toEqual(['ok', 'wrong_version']);
  });

  it('runs one round even when the time allowed is shorter than a round', async () => {
    const clock = createFakeClock();
    const { runRound } = scriptedRounds(clock, [['ok', 'ok']]);
    const outcome = await runRounds({ runRound, withinMs: 1, pauseMs: 200, clock, sleep: clock.sleep });
    expect(outcome).toMatchObject({ rounds: 1, settled: false });
    expect(outcome.report.ok).toBe(true);
  });

  it('stops after the current round when interrupted', async () => {
    const clock = createFakeClock();
    const interrupt = new AbortController();
    const { runRound, calls } = scriptedRounds(clock, [['ok', 'connect_refused']]);
    const outcome = await runRounds({
      runRound: async () => {
        const report = await runRound();
        if (calls.count === 2) interrupt.abort();
        return report;
      },
      withinMs: 60_000,
      pauseMs: 200,
      clock,
      sleep: clock.sleep,
      signal: interrupt.signal,
    });
    expect(outcome).toMatchObject({ rounds: 2, interrupted: true, settled: false });
  });
});
