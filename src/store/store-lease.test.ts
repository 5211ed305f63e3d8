import { describe, expect, it } from 'vitest';
import { describeLeaseContract } from './lease-contract.test-helper.js';
import { createSoleLease, leaseTiming } from './lease-keeper.js';
import { useTempStores } from './store-test-fixtures.test-helper.js';

describeLeaseContract('sqlite', useTempStores());

describe('leaseTiming', () => {
  it('replaces a dead holder within one interval: a grant lasts half of it, renewed every sixth', () => {
    expect(leaseTiming(30_000)).toEqual({ ttlMs: 15_000, renewMs: 5_000 });
    // take-over at most ttl + renew after the last renewal
    const { ttlMs, renewMs } = leaseTiming(2_000);
    expect(ttlMs + renewMs).toBeLessThan(2_000);
  });
});

describe('createSoleLease', () => {
  it('is held from start to stop on a store only one node uses, and fences nothing', async () => {
    const lease = createSoleLease('engine', 'local');
    const seen: boolean[] = [];
    lease.onChange((held) => seen.push(held));
    expect(lease.held()).toBe(false);
    lease.start();
    expect(lease.held()).toBe(true);
    await lease.fence({} as never);
    await lease.stop();
    expect(seen).toEqual([true, false]);
  });
});
