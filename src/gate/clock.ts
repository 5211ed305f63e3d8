import { setTimeout as delay } from 'node:timers/promises';

/** Wall-clock milliseconds since the epoch; injected so loops and gaps are testable without waiting. */
export interface Clock {
  now(): number;
}

/** Waits `ms`, or less when `signal` aborts; never rejects, so an interrupted wait is just a short one. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const systemClock: Clock = { now: () => Date.now() };

export const systemSleep: Sleep = async (ms, signal) => {
  if (signal?.aborted === true) return;
  try {
    await delay(ms, undefined, signal === undefined ? {} : { signal });
  } catch {
    // aborted: the caller checks its signal
  }
};
