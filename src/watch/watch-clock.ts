/**
 * Time as the watch sees it: the wall clock (schedules are anchored to it, so a restart keeps each
 * target's slot) and one-shot timers. Injected, so the scheduler is tested without waiting.
 */
export interface WatchClock {
  /** milliseconds since the epoch */
  now(): number;
  /** runs `callback` once after `ms`; returns the canceller. Timers never keep the process alive. */
  setTimer(ms: number, callback: () => void): () => void;
}

export const systemWatchClock: WatchClock = {
  now: () => Date.now(),
  setTimer(ms, callback) {
    const timer = setTimeout(callback, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};
