import { describe, expect, it } from 'vitest';
import { createTokenBuckets } from './token-bucket.js';

describe('createTokenBuckets', () => {
  it('lets a burst through, then one request per refill, each key on its own', () => {
    let now = 0;
    const buckets = createTokenBuckets({ burst: 3, perSecond: 0.5 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('web1').ok)).toEqual([true, true, true]);
    expect(buckets.take('web1')).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect(buckets.take('web2').ok).toBe(true);
    now = 1_000;
    expect(buckets.take('web1')).toEqual({ ok: false, retryAfterSeconds: 1 });
    now = 2_000;
    expect(buckets.take('web1').ok).toBe(true);
    expect(buckets.take('web1').ok).toBe(false);
    // A long quiet spell refills to the burst, never beyond.
    now = 3_600_000;
    expect([1, 2, 3, 4].map(() => buckets.take('web1').ok)).toEqual([true, true, true, false]);
  });
});
