import { describe, expect, it } from 'vitest';
import type { IncidentNotification } from '../incidents/incident.js';
import { rowsForNotification } from './outbox-rows.js';
import type { OutboxStore } from './outbox-store.js';

export const CONTRACT_T = Date.parse('2026-11-23T04:00:00Z');
const T = CONTRACT_T;

/** An incident notification to channels `pager` and `chat` (or the ones given). */
export function contractNotification(n: number, channels = ['pager', 'chat']): IncidentNotification {
  const incidentId = `inc-${n}`;
  return {
    type: 'incident',
    key: `${incidentId}#1`,
    incidentId,
    transition: 1,
    kind: 'opened',
    at: new Date(T).toISOString(),
    policy: 'page',
    channels,
    severity: 'critical',
    detail: 'opened',
    incident: {
      id: incidentId,
      title: `incident ${n}`,
      status: 'open',
      cause: { key: 'target:x', code: 'target', summary: 's', previousKeys: [] },
      layer: 'connect',
      verdicts: ['connect_refused'],
      summary: 's',
      evidence: [],
      hostnames: ['a.example.com'],
      origins: ['web1'],
      sites: ['a'],
      environments: ['production'],
      targets: [],
      targetCount: 1,
      since: new Date(T).toISOString(),
      locations: ['ams'],
      flapping: false,
    },
  };
}

const attempt = (at: number, detail = 'x') => ({ at, durationMs: 3, detail });

/**
 * What every OutboxStore must do (the interface in outbox-store.ts), run against an implementation:
 * MemoryOutboxStore, the reference, and the store's SQL one.
 */
export function describeOutboxStoreContract(name: string, open: () => Promise<OutboxStore>): void {
  describe(`${name} (the OutboxStore contract)`, () => {
    it('keeps the first row of an id and leaves a second write of it alone', async () => {
      const store = await open();
      await store.enqueue(rowsForNotification(contractNotification(1), T));
      for (const row of await store.claimDue(T, 'a', 60_000, 10)) {
        await store.markDelivered(row.id, 'a', attempt(T + 5));
      }
      await store.enqueue(rowsForNotification(contractNotification(1), T + 1_000));
      expect(await store.claimDue(T + 999_999, 'b', 60_000, 10)).toEqual([]);
      await store.enqueue(rowsForNotification(contractNotification(2, ['pager']), T));
      await store.enqueue(rowsForNotification(contractNotification(2, ['pager']), T + 1_000));
      const pending = await store.claimDue(T + 2_000, 'b', 60_000, 10);
      expect(pending.map((row) => row.id)).toEqual(['inc-2#1/pager']);
      expect(pending[0]).toMatchObject({ state: 'pending', attempts: 0, createdAt: T, nextAttemptAt: T });
      expect(pending[0]?.message).toEqual(contractNotification(2, ['pager']));
    });

    it('claims due rows oldest first, never one row for two live owners, and again once a lease ran out', async () => {
      const store = await open();
      for (let n = 0; n < 10; n += 1)
        await store.enqueue(rowsForNotification(contractNotification(n), T + n));
      expect(await store.claimDue(T - 1, 'a', 60_000, 100)).toEqual([]);
      const first = await store.claimDue(T + 100, 'a', 60_000, 8);
      const second = await store.claimDue(T + 100, 'b', 60_000, 100);
      expect(first.map((row) => row.key)).toEqual([
        'inc-0#1',
        'inc-0#1',
        'inc-1#1',
        'inc-1#1',
        'inc-2#1',
        'inc-2#1',
        'inc-3#1',
        'inc-3#1',
      ]);
      expect(first[0]?.lease).toEqual({ owner: 'a', until: T + 60_100 });
      expect(second).toHaveLength(12);
      expect(new Set([...first, ...second].map((row) => row.id)).size).toBe(20);
      expect(await store.claimDue(T + 60_099, 'c', 60_000, 100)).toEqual([]);
      expect(await store.claimDue(T + 60_100, 'c', 60_000, 100)).toHaveLength(20);
    });

    it('marks a delivery final, counts it once, and ends the channel failure run', async () => {
      const store = await open();
      await store.enqueue(rowsForNotification(contractNotification(1, ['pager']), T));
      const [row] = await store.claimDue(T, 'a', 60_000, 1);
      await store.markFailed(row?.id ?? '', 'a', attempt(T + 10, 'refused'), { retryAt: T + 1_000 });
      expect(await store.channelFailingSince('pager')).toBe(T + 10);
      const [retry] = await store.claimDue(T + 1_000, 'a', 60_000, 1);
      expect(retry).toMatchObject({ attempts: 1, firstFailureAt: T + 10, lastError: 'refused' });
      await store.markDelivered(retry?.id ?? '', 'a', attempt(T + 1_010, '202'));
      await store.markDelivered(retry?.id ?? '', 'a', attempt(T + 1_020, '202'));
      expect(await store.channelFailingSince('pager')).toBeUndefined();
      expect(await store.claimDue(T + 999_999, 'a', 60_000, 10)).toEqual([]);
      expect(await store.nextDue()).toBeUndefined();
    });

    it('ignores a failure from a sender that lost its lease, retries or dead-letters for the holder', async () => {
      const store = await open();
      await store.enqueue(rowsForNotification(contractNotification(1, ['pager']), T));
      await store.claimDue(T, 'a', 60_000, 1);
      const [taken] = await store.claimDue(T + 60_000, 'b', 60_000, 1);
      await store.markFailed(taken?.id ?? '', 'a', attempt(T + 60_001, 'late'), { dead: true });
      expect(await store.listDeadLetters()).toEqual([]);
      await store.markFailed(taken?.id ?? '', 'b', attempt(T + 60_002, 'refused'), { retryAt: T + 70_000 });
      expect(await store.nextDue()).toBe(T + 70_000);
      const [again] = await store.claimDue(T + 70_000, 'b', 60_000, 1);
      expect(await store.nextDue()).toBe(T + 130_000);
      await store.markFailed(again?.id ?? '', 'b', attempt(T + 70_001, 'gone'), { dead: true });
      const dead = await store.listDeadLetters();
      expect(dead.map((row) => [row.id, row.state, row.attempts, row.lastError])).toEqual([
        ['inc-1#1/pager', 'dead', 2, 'gone'],
      ]);
      expect(await store.channelFailingSince('pager')).toBe(T + 60_002);
      expect(await store.claimDue(T + 999_999, 'c', 60_000, 10)).toEqual([]);
    });
  });
}
