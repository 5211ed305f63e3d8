import { describe, expect, it } from 'vitest';
import { MemoryOutboxStore } from './memory-outbox-store.js';
import type { ChannelFailedNotice } from './outbound.js';
import { describeOutboxStoreContract } from './outbox-store-contract.test-helper.js';

describeOutboxStoreContract('MemoryOutboxStore', async () => new MemoryOutboxStore());

describe('MemoryOutboxStore at scale', () => {
  // Math.min(...rows) passed every row as an argument and overflowed the stack past ~120,000 rows.
  it('finds the next due time among 150,000 pending rows', async () => {
    const store = new MemoryOutboxStore();
    const base = Date.parse('2026-11-23T04:00:00Z');
    // the smallest message there is: the rows are copied in, and copying 200,000 incidents is slow
    const message: ChannelFailedNotice = {
      type: 'channel_failed',
      key: 'frontdoor-channel-pager#1',
      channel: 'pager',
      channelType: 'webhook',
      since: new Date(base).toISOString(),
      at: new Date(base).toISOString(),
      policy: 'page',
      severity: 'critical',
      lastError: 'refused',
      deadLetter: 'inc-1#1',
    };
    await store.enqueue(
      Array.from({ length: 150_000 }, (_, n) => ({
        id: `n${n}/chat`,
        key: `n${n}`,
        channel: 'chat',
        message,
        createdAt: base + 150_000 - n,
        deadline: base + 10 ** 9,
      })),
    );
    expect(await store.nextDue()).toBe(base + 1);
  }, 30_000);
});
