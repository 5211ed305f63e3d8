import type { WatchClock } from './watch-clock.js';

/**
 * A clock that moves only when told: `advance(ms)` runs every timer that falls due on the way, in time
 * order, letting promises settle between them so work started by one timer finishes before the next.
 */
export function createFakeWatchClock(startMs: number): WatchClock & {
  advance(ms: number): Promise<void>;
  pending(): number;
} {
  let now = startMs;
  let sequence = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const settle = async () => {
    for (let i = 0; i < 20; i += 1) await Promise.resolve();
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return {
    now: () => now,
    setTimer(ms, callback) {
      sequence += 1;
      const id = sequence;
      timers.set(id, { at: now + Math.max(0, ms), callback });
      return () => timers.delete(id);
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        await settle();
        let next: [number, { at: number; callback: () => void }] | undefined;
        for (const entry of timers) {
          if (entry[1].at <= end && (next === undefined || entry[1].at < next[1].at)) next = entry;
        }
        if (next === undefined) break;
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].callback();
      }
      now = end;
      await settle();
    },
    pending: () => timers.size,
  };
}
