import { describe, expect, it } from 'vitest';
import { backoffFor, MAX_RETRY_AFTER_MS, readRetryAfter, retryDelay } from './retry-delay.js';

describe('retryDelay', () => {
  const settings = backoffFor(30_000);

  it('doubles from 1 s up to ten intervals, half of each wait random', () => {
    expect(settings).toEqual({ baseMs: 1000, capMs: 300_000 });
    expect([1, 2, 3, 10, 20].map((attempt) => retryDelay(attempt, settings, () => 0))).toEqual([
      500, 1000, 2000, 150_000, 150_000,
    ]);
    expect(retryDelay(20, settings, () => 0.999_999)).toBe(299_999);
  });

  it('starts sooner on a short interval', () => {
    expect(backoffFor(200)).toEqual({ baseMs: 200, capMs: 2000 });
  });

  it("takes the server's Retry-After as a floor, within reason", () => {
    expect(retryDelay(1, settings, () => 0, 7000)).toBe(7000);
    expect(retryDelay(1, settings, () => 0, 365 * 86_400_000)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('readRetryAfter', () => {
  const now = Date.UTC(2026, 10, 23, 6, 12, 0);
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(readRetryAfter('7', now)).toBe(7000);
    expect(readRetryAfter('Mon, 23 Nov 2026 06:12:30 GMT', now)).toBe(30_000);
    expect(readRetryAfter('soon', now)).toBeUndefined();
    expect(readRetryAfter(undefined, now)).toBeUndefined();
  });
});
