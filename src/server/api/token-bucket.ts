/** How many requests a token may make at once, and how fast its allowance comes back. */
export interface RateLimit {
  /** requests allowed in a burst (the bucket's size) */
  burst: number;
  /** requests per second it refills with */
  perSecond: number;
}

/**
 * For machine tokens posting to the watch: a burst covers an agent emptying its spool after an outage
 * (16 MiB at up to 100 events a request), the rate a fleet of agents reporting every 30 s many times over.
 */
export const DEFAULT_POST_RATE_LIMIT: RateLimit = { burst: 60, perSecond: 2 };

export type TakeOutcome = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface TokenBuckets {
  /** takes one request from `key`'s bucket, or says how many seconds until one is there */
  take(key: string): TakeOutcome;
}

/**
 * One token bucket per key (an API token's name: the configured tokens bound how many there are). Time
 * comes from `now`, so a test runs it without waiting.
 * @example const buckets = createTokenBuckets({ burst: 2, perSecond: 1 }, Date.now); buckets.take('web1-agent')
 */
export function createTokenBuckets(limit: RateLimit, now: () => number): TokenBuckets {
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  return {
    take(key) {
      const nowMs = now();
      const bucket = buckets.get(key) ?? { tokens: limit.burst, atMs: nowMs };
      const elapsed = Math.max(0, nowMs - bucket.atMs) / 1000;
      bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsed * limit.perSecond);
      bucket.atMs = nowMs;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond)) };
    },
  };
}
