import type { Clock, Sleep } from './clock.js';

/** A clock that only moves when slept on (or advanced), so loops run instantly and deterministically. */
export function createFakeClock(startMs = 1_700_000_000_000): Clock & {
  sleep: Sleep;
  advance(ms: number): void;
  sleeps: number[];
} {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    sleeps,
    async sleep(ms, signal) {
      sleeps.push(ms);
      if (signal?.aborted !== true) now += ms;
    },
  };
}
