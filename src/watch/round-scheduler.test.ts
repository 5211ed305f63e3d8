import { describe, expect, it } from 'vitest';
import { createFakeWatchClock } from './fake-watch-clock.test-helper.js';
import { createRoundScheduler, type RoundStart, type SchedulableTarget } from './round-scheduler.js';
import { spreadOffset } from './spread-offset.js';

const T0 = 1_800_000_000_000;

function target(id: string, origin?: string, intervalMs = 1_000): SchedulableTarget {
  return { id, intervalMs, origin };
}

/** A scheduler whose rounds take `durationMs` of fake time and are recorded as they start. */
function setUp(
  options: { concurrency?: number; originConcurrency?: number; durationMs?: number; slackMs?: number } = {},
) {
  const clock = createFakeWatchClock(T0);
  const starts: Array<RoundStart<SchedulableTarget> & { atMs: number }> = [];
  let active = 0;
  let maxActive = 0;
  const missed: string[] = [];
  const scheduler = createRoundScheduler<SchedulableTarget>({
    clock,
    concurrency: options.concurrency ?? 10,
    originConcurrency: options.originConcurrency ?? 10,
    ...(options.slackMs === undefined ? {} : { slackMs: options.slackMs }),
    run: (start) => {
      starts.push({ ...start, atMs: clock.now() });
      active += 1;
      maxActive = Math.max(maxActive, active);
      return new Promise<void>((resolve) => {
        clock.setTimer(options.durationMs ?? 10, () => {
          active -= 1;
          resolve();
        });
      });
    },
    onMissed: (missedTarget, count) => {
      for (let i = 0; i < count; i += 1) missed.push(missedTarget.id);
    },
  });
  return { clock, scheduler, starts, missed, maxActive: () => maxActive };
}

describe('createRoundScheduler', () => {
  it('probes each target every interval on its own slot, start to start', async () => {
    const { clock, scheduler, starts } = setUp({ durationMs: 300 });
    scheduler.setTargets([target('a'), target('b')]);
    scheduler.start();
    await clock.advance(5_000);
    for (const id of ['a', 'b']) {
      const times = starts.filter((start) => start.target.id === id).map((start) => start.atMs);
      expect(times).toHaveLength(5);
      const offset = spreadOffset(id, 1_000);
      for (const time of times) expect((time - offset) % 1_000).toBe(0);
    }
    expect(starts.every((start) => start.lagMs === 0 && start.reason === 'scheduled')).toBe(true);
  });

  it('keeps within the global cap and counts the wait as lag, dropping nothing', async () => {
    const { clock, scheduler, starts, missed, maxActive } = setUp({ concurrency: 2, durationMs: 200 });
    scheduler.setTargets(['a', 'b', 'c', 'd'].map((id) => target(id, undefined, 2_000)));
    scheduler.start();
    await clock.advance(10_000);
    expect(maxActive()).toBeLessThanOrEqual(2);
    for (const id of ['a', 'b', 'c', 'd']) expect(starts.filter((s) => s.target.id === id)).toHaveLength(5);
    expect(missed).toEqual([]);
  });

  it('keeps within the per-origin cap while other origins and the edge go on', async () => {
    const { clock, scheduler, starts } = setUp({ originConcurrency: 1, durationMs: 600 });
    const targets = [
      target('w1a', 'web1'),
      target('w1b', 'web1'),
      target('w2', 'web2'),
      target('e1'),
      target('e2'),
    ];
    scheduler.setTargets(targets);
    scheduler.start();
    await clock.advance(10_000);
    const web1 = starts.filter((start) => start.target.origin === 'web1').sort((a, b) => a.atMs - b.atMs);
    for (let i = 1; i < web1.length; i += 1) {
      expect((web1[i]?.atMs ?? 0) - (web1[i - 1]?.atMs ?? 0)).toBeGreaterThanOrEqual(600);
    }
    // Two 600 ms rounds on web1 per second cannot both keep their slots: one waits, and it shows as lag.
    expect(web1.some((start) => start.lagMs > 0)).toBe(true);
    expect(starts.filter((start) => start.target.origin === undefined && start.lagMs > 0)).toEqual([]);
  });

  it('lets a round that overruns its interval delay the next one, and counts the slots beyond as missed', async () => {
    const { clock, scheduler, starts, missed } = setUp({ durationMs: 2_500 });
    scheduler.setTargets([target('slow')]);
    scheduler.start();
    await clock.advance(5_000);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect(starts[1]?.lagMs).toBeGreaterThan(0);
    expect(missed.length).toBeGreaterThan(0);
  });

  it('runs a confirmation at once after the round that asked for it, ahead of scheduled rounds', async () => {
    const clock = createFakeWatchClock(T0);
    const seen: string[] = [];
    const scheduler = createRoundScheduler<SchedulableTarget>({
      clock,
      concurrency: 1,
      originConcurrency: 1,
      run: async (start) => {
        seen.push(`${start.target.id}:${start.reason}`);
        if (start.target.id === 'a' && start.reason === 'scheduled') scheduler.runNow('a', 'confirmation');
      },
    });
    scheduler.setTargets([target('a', undefined, 1_000)]);
    scheduler.start();
    await clock.advance(1_000);
    expect(seen.slice(0, 2)).toEqual(['a:scheduled', 'a:confirmation']);
  });

  it('applies a new target set: added targets start, removed ones stop', async () => {
    const { clock, scheduler, starts } = setUp();
    scheduler.setTargets([target('a'), target('b')]);
    scheduler.start();
    await clock.advance(2_000);
    scheduler.setTargets([target('b'), target('c')]);
    const before = starts.length;
    await clock.advance(3_000);
    const after = starts.slice(before).map((start) => start.target.id);
    expect(after).not.toContain('a');
    expect(after.filter((id) => id === 'c')).toHaveLength(3);
    expect(after.filter((id) => id === 'b')).toHaveLength(3);
  });

  it('stops starting rounds and waits for the ones in flight', async () => {
    const { clock, scheduler, starts } = setUp({ durationMs: 500 });
    scheduler.setTargets([target('a')]);
    scheduler.start();
    await clock.advance(1_100);
    const stopping = scheduler.stop();
    let stopped = false;
    void stopping.then(() => {
      stopped = true;
    });
    await clock.advance(5_000);
    expect(stopped).toBe(true);
    expect(starts.length).toBeLessThanOrEqual(2);
    expect(scheduler.stats().inFlight).toBe(0);
  });

  it('starts rounds due within the slack together, early by at most the slack, still on their slots', async () => {
    const { clock, scheduler, starts } = setUp({ concurrency: 1_000, slackMs: 20 });
    const targets = Array.from({ length: 6_000 }, (_, i) => target(`t${i}`, undefined, 30_000));
    scheduler.setTargets(targets);
    scheduler.start();
    await clock.advance(60_000);
    // Two intervals' slots, and the few due just past the end that the last wake-up took early.
    expect(starts.filter((start) => start.dueMs < T0 + 60_000)).toHaveLength(12_000);
    expect(starts.every((start) => start.dueMs <= T0 + 60_020)).toBe(true);
    for (const start of starts) {
      const offset = spreadOffset(start.target.id, 30_000);
      expect((start.dueMs - offset) % 30_000).toBe(0);
      expect(start.dueMs - start.atMs).toBeGreaterThanOrEqual(0);
      expect(start.dueMs - start.atMs).toBeLessThanOrEqual(20);
      expect(start.lagMs).toBe(0);
    }
    // Without the slack 6,000 targets make ~6,000 distinct start times an interval (a slot every 5 ms); with
    // it, the wake-ups are more than 20 ms apart.
    const times = [...new Set(starts.map((start) => start.atMs))].sort((a, b) => a - b);
    for (let i = 1; i < times.length; i += 1)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThan(20);
    expect(times.length).toBeLessThanOrEqual(3_000);
  });

  it('never lets the slack reach past a hundredth of the shortest interval', async () => {
    const { clock, scheduler, starts } = setUp({ slackMs: 20 });
    scheduler.setTargets(Array.from({ length: 50 }, (_, i) => target(`s${i}`, undefined, 500)));
    scheduler.start();
    await clock.advance(5_000);
    expect(starts.length).toBeGreaterThanOrEqual(490);
    for (const start of starts) expect(start.dueMs - start.atMs).toBeLessThanOrEqual(5);
    expect(starts.some((start) => start.dueMs > start.atMs)).toBe(true);
  });
});
