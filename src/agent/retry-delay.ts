/** A uniform random number in [0, 1): injected, so a test can pin the jitter. */
export type Random = () => number;

export interface BackoffSettings {
  /** the first retry's ceiling */
  baseMs: number;
  /** no retry waits longer than this, whatever the attempt */
  capMs: number;
}

/** A server's Retry-After is honoured up to this, past the cap: a hostile one could say a year. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * The agent retries sooner on a short interval: from min(1 s, interval), doubling, up to ten intervals
 * (5 minutes at the default 30 s). A server back after a restart gets the spool within a few intervals.
 */
export function backoffFor(intervalMs: number): BackoffSettings {
  return { baseMs: Math.min(1000, intervalMs), capMs: Math.max(intervalMs, 10 * intervalMs) };
}

/**
 * Exponential backoff with "equal jitter": half the ceiling fixed, half random, so many agents retrying
 * one server spread out without any of them retrying at once in a tight loop. A Retry-After is a floor.
 * @example retryDelay(3, { baseMs: 1000, capMs: 300_000 }, () => 0.5) // 3000
 */
export function retryDelay(
  attempt: number,
  settings: BackoffSettings,
  random: Random,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(settings.capMs, settings.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(ceiling / 2 + random() * (ceiling / 2));
  const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.max(jittered, floor);
}

/** Retry-After: delay-seconds or an HTTP-date (RFC 9110 10.2.3), as ms from `now`; undefined if absent or bad. */
export function readRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
