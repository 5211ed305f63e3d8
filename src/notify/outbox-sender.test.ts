import { describe, expect, it } from 'vitest';
import type { Channel } from './channel.js';
import type { DeliveryOutcome } from './delivery-outcome.js';
import { MemoryOutboxStore } from './memory-outbox-store.js';
import type { Outbound } from './outbound.js';
import { DELIVERY_DEADLINE_MS, rowsForNotification } from './outbox-rows.js';
import { createOutboxSender, type SenderLog } from './outbox-sender.js';
import { CONTRACT_T, contractNotification } from './outbox-store-contract.test-helper.js';

const T = CONTRACT_T;

const notification = contractNotification;

/** A receiver-side record of what arrived, and a channel in front of it whose answers a test scripts. */
function recordingChannel(
  name: string,
  answer: (message: Outbound) => DeliveryOutcome = () => ({ ok: true, detail: '200' }),
) {
  const received: Outbound[] = [];
  const channel: Channel = {
    name,
    type: 'webhook',
    secrets: ['s3cret-token'],
    async deliver(message) {
      const outcome = answer(message);
      if (outcome.ok) received.push(message);
      return outcome;
    },
  };
  return { channel, received };
}

function quietLog(): SenderLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (fields, message) => lines.push(`${message} ${JSON.stringify(fields)}`),
    warn: (fields, message) => lines.push(`${message} ${JSON.stringify(fields)}`),
  };
}

describe('outbox sender', () => {
  it('keeps running when the store fails, and wake() ends its sleep as soon as rows are written', async () => {
    const memory = new MemoryOutboxStore();
    let failures = 1;
    const store: typeof memory = Object.assign(Object.create(memory) as typeof memory, {
      claimDue: async (...args: Parameters<typeof memory.claimDue>) => {
        if (failures > 0) {
          failures -= 1;
          throw new Error('SQLITE_BUSY: database is locked');
        }
        return memory.claimDue(...args);
      },
    });
    const pager = recordingChannel('pager');
    const log = quietLog();
    const sender = createOutboxSender({
      store,
      channels: { pager: pager.channel },
      clock: { now: () => T },
      random: () => 0.5,
      owner: 'a',
      log,
      // far longer than the test may take: only wake() can make it deliver in time
      pollMs: 3_600_000,
    });
    const stop = new AbortController();
    const running = sender.run(stop.signal);
    while (log.lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log.lines[0]).toMatch(/^outbox: the store failed; trying again .*SQLITE_BUSY/);
    await memory.enqueue(rowsForNotification(notification(1, ['pager']), T));
    sender.wake();
    while (pager.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    stop.abort();
    await running;
    expect(pager.received.map((message) => message.key)).toEqual(['inc-1#1']);
  });

  it('delivers each row once and marks it, so a second pass sends nothing', async () => {
    const store = new MemoryOutboxStore();
    await store.enqueue([
      ...rowsForNotification(notification(1), T),
      ...rowsForNotification(notification(2), T),
    ]);
    const pager = recordingChannel('pager');
    const chat = recordingChannel('chat');
    const clock = { now: () => T };
    const sender = createOutboxSender({
      store,
      channels: { pager: pager.channel, chat: chat.channel },
      clock,
      random: () => 0.5,
      owner: 'a',
      log: quietLog(),
    });
    expect(await sender.runOnce()).toBe(4);
    expect(await sender.runOnce()).toBe(0);
    expect(pager.received.map((m) => m.key)).toEqual(['inc-1#1', 'inc-2#1']);
    expect(store.all().every((row) => row.state === 'delivered')).toBe(true);
  });

  it('retries with exponential backoff and full jitter, honours Retry-After, and dead-letters at 24 h', async () => {
    const store = new MemoryOutboxStore();
    await store.enqueue(rowsForNotification(notification(1, ['pager']), T));
    let now = T;
    const answers: DeliveryOutcome[] = [
      { ok: false, retryable: true, code: 'refused', detail: 'refused' },
      { ok: false, retryable: true, code: 'rate_limited', detail: '429', status: 429, retryAfterMs: 120_000 },
    ];
    const pager = recordingChannel(
      'pager',
      () =>
        answers.shift() ?? { ok: false, retryable: true, code: 'http_status', detail: '503', status: 503 },
    );
    const sender = createOutboxSender({
      store,
      channels: { pager: pager.channel },
      clock: { now: () => now },
      random: () => 0.5,
      owner: 'a',
      log: quietLog(),
    });
    await sender.runOnce();
    // attempt 1: a uniform wait in [0, 5 s) -> 0.5 * 5 s
    expect(store.all()[0]?.nextAttemptAt).toBe(T + 2_500);
    now = T + 2_500;
    await sender.runOnce();
    // attempt 2: jitter would give 0.5 * 10 s, but the receiver asked for 120 s
    expect(store.all()[0]?.nextAttemptAt).toBe(now + 120_000);
    now += 120_000;
    await sender.runOnce();
    expect(store.all()[0]?.nextAttemptAt).toBe(now + 10_000);
    const delays: number[] = [];
    while (store.all()[0]?.state === 'pending') {
      const row = store.all()[0];
      if (row === undefined) break;
      delays.push(row.nextAttemptAt - now);
      now = row.nextAttemptAt;
      await sender.runOnce();
    }
    // the ceiling doubles up to 30 minutes, then stays; the last attempt is at the deadline itself
    expect(Math.max(...delays)).toBe(15 * 60_000);
    expect(now).toBe(T + DELIVERY_DEADLINE_MS);
    expect(await store.listDeadLetters()).toHaveLength(1);
  });

  it("dead-letters a permanent failure at once and announces it once per failure run on the policy's other channel", async () => {
    const store = new MemoryOutboxStore();
    await store.enqueue([
      ...rowsForNotification(notification(1), T),
      ...rowsForNotification(notification(2), T),
    ]);
    const pager = recordingChannel('pager', () => ({
      ok: false,
      retryable: false,
      code: 'http_status',
      status: 400,
      detail: '400 from PagerDuty: invalid event',
    }));
    const chat = recordingChannel('chat');
    let now = T;
    const sender = createOutboxSender({
      store,
      channels: { pager: pager.channel, chat: chat.channel },
      clock: { now: () => now },
      random: () => 0.5,
      owner: 'a',
      log: quietLog(),
    });
    await sender.runOnce();
    expect((await store.listDeadLetters()).map((row) => row.key)).toEqual(['inc-1#1', 'inc-2#1']);
    now += 1;
    await sender.runOnce();
    const notices = chat.received.filter((message) => message.type === 'channel_failed');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      channel: 'pager',
      since: new Date(T).toISOString(),
      lastError: '400 from PagerDuty: invalid event',
    });
  });

  it('kills mid-delivery and restarts: every notification arrives, and exactly once by key', async () => {
    const store = new MemoryOutboxStore();
    const sent = Array.from({ length: 40 }, (_, n) => notification(n));
    await store.enqueue(sent.flatMap((n) => rowsForNotification(n, T)));
    const pager = recordingChannel('pager');
    const chat = recordingChannel('chat');
    let now = T;
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    let crashes = 0;
    for (let life = 0; life < 200 && store.all().some((row) => row.state === 'pending'); life += 1) {
      // Each life of the sender dies at a random point: after its channel answered, before the store heard.
      const dieAfter = Math.floor(random() * 6);
      let marks = 0;
      const dying = Object.create(store) as MemoryOutboxStore;
      dying.markDelivered = async (...args) => {
        if (marks++ >= dieAfter) throw new Error('killed');
        return store.markDelivered(...args);
      };
      const sender = createOutboxSender({
        store: dying,
        channels: { pager: pager.channel, chat: chat.channel },
        clock: { now: () => now },
        random,
        owner: `node-${life}`,
        log: quietLog(),
        batchSize: 4,
        leaseMs: 60_000,
      });
      try {
        while ((await sender.runOnce()) > 0) now += 10;
      } catch {
        crashes += 1;
      }
      now += 61_000; // the dead sender's leases run out
    }
    expect(crashes).toBeGreaterThan(5);
    for (const { received } of [pager, chat]) {
      const keys = received.map((message) => message.key);
      expect(new Set(keys)).toEqual(new Set(sent.map((n) => n.key))); // nothing lost
      expect(keys.length).toBeGreaterThanOrEqual(sent.length); // repeats only where a sender died
    }
    expect(store.all().every((row) => row.state === 'delivered')).toBe(true);
  });

  it('never lets two live senders hold the same row', async () => {
    const store = new MemoryOutboxStore();
    await store.enqueue(Array.from({ length: 10 }, (_, n) => rowsForNotification(notification(n), T)).flat());
    const first = await store.claimDue(T, 'a', 60_000, 8);
    const second = await store.claimDue(T, 'b', 60_000, 100);
    expect(first).toHaveLength(8);
    expect(second).toHaveLength(12);
    expect(new Set([...first, ...second].map((row) => row.id)).size).toBe(20);
    expect(await store.claimDue(T + 59_999, 'c', 60_000, 100)).toEqual([]);
    // a failure reported by a sender that lost its lease is ignored: the row belongs to the new holder
    const taken = await store.claimDue(T + 60_000, 'c', 60_000, 1);
    await store.markFailed(
      taken[0]?.id ?? '',
      'a',
      { at: T + 60_001, durationMs: 1, detail: 'late' },
      { dead: true },
    );
    expect(store.all().find((row) => row.id === taken[0]?.id)?.state).toBe('pending');
  });

  it('keeps secrets out of what it logs and stores', async () => {
    const store = new MemoryOutboxStore();
    await store.enqueue(rowsForNotification(notification(1, ['pager']), T));
    const pager = recordingChannel('pager', () => ({
      ok: false,
      retryable: true,
      code: 'network',
      detail: 'refused by https://h/s3cret-token',
    }));
    const log = quietLog();
    const sender = createOutboxSender({
      store,
      channels: { pager: pager.channel },
      clock: { now: () => T },
      random: () => 0,
      owner: 'a',
      log,
    });
    await sender.runOnce();
    expect(log.lines.join('\n')).not.toContain('s3cret-token');
    expect(store.all()[0]?.lastError).toBe('refused by https://h/[redacted]');
  });
});
