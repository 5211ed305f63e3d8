/** A uniform random number in [0, 1): injectable, so a test can pin the jitter. */
export type Random = () => number;

export interface BackoffSettings {
  /** the first retry's ceiling */
  baseMs: number;
  /** no retry waits longer than this, whatever the attempt */
  capMs: number;
  /** a receiver's Retry-After is honoured up to this (a hostile or broken one could say a year) */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = {
  baseMs: 5_000,
  capMs: 30 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
};

/**
 * Exponential backoff with full jitter (a uniform wait in [0, min(cap, base * 2^(attempt-1))]), so many
 * senders retrying one receiver spread out instead of arriving together. A Retry-After is a floor.
 */
export function retryDelay(
  attempt: number,
  settings: BackoffSettings,
  random: Random,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(settings.capMs, settings.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, settings.maxRetryAfterMs);
  return Math.max(jittered, floor);
}
