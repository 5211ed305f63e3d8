import { describe, expect, it } from 'vitest';
import { pruneHistory } from './prune-history.js';
import { readBatches } from './read-batches.js';
import { chooseResolution, readHistory } from './read-history.js';
import { readLastRound } from './read-last-round.js';
import { readLatestRounds } from './read-latest-rounds.js';
import type { Store } from './store.js';
import { buildBatch, buildRound } from './store-test-fixtures.test-helper.js';
import { writeBatches } from './write-batches.js';

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);
const DAY = 86_400_000;

/**
 * What every store does, whatever its dialect: the unit tests run it on SQLite files, the integration
 * tests on a real PostgreSQL. `openStore` gives a fresh, empty, migrated store each call.
 */
export function describeStoreContract(dialect: string, openStore: () => Promise<{ store: Store }>): void {
  describe(`the store (${dialect})`, () => {
    it('reads back exactly the batches it was given, in order, with their findings', async () => {
      const { store } = await openStore();
      const first = buildBatch(T0 + 900, [
        buildRound('a.test', 'web1', 'connect_refused', T0, { burst: { size: 3, failed: 3 } }),
        buildRound('b.test', 'web1', 'connect_refused', T0 + 10),
      ]);
      first.findings = [
        {
          code: 'shared_front_door_down',
          summary: 'web1 shut',
          targets: ['a', 'b'],
          targetIds: ['a1', 'b1'],
        },
      ];
      const second = buildBatch(T0 + 1900, [
        buildRound('a.test', 'web1', 'connect_refused', T0 + 1000, { reason: 'confirmation' }),
      ]);
      expect(await writeBatches(store, { batches: [first, second] })).toEqual([1, 2]);
      const stored = await readBatches(store, { afterId: 0, limit: 10 });
      expect(stored).toEqual([
        { id: 1, batch: first },
        { id: 2, batch: second },
      ]);
      expect(await readBatches(store, { afterId: 1, limit: 10 })).toEqual([{ id: 2, batch: second }]);
    });

    it('folds rounds into minute and hour rollups: counts per verdict and phase aggregates', async () => {
      const { store } = await openStore();
      const rounds = [
        buildRound('a.test', 'edge', 'ok', T0 + 1_000, { totalMs: 10 }),
        buildRound('a.test', 'edge', 'ok', T0 + 31_000, { totalMs: 30 }),
        buildRound('a.test', 'edge', 'app_error', T0 + 61_000, { totalMs: 5, burst: { size: 3, failed: 1 } }),
      ];
      // Two writes, so the second one's rounds are added to buckets the first one created.
      await writeBatches(store, { batches: [buildBatch(T0 + 40_000, rounds.slice(0, 1))] });
      await writeBatches(store, { batches: [buildBatch(T0 + 62_000, rounds.slice(1))] });
      const targetId = rounds[0]?.result.id ?? '';

      const minutes = await readHistory(store, { targetId, sinceMs: T0, untilMs: T0 + DAY });
      expect(minutes.resolution).toBe('minute');
      expect(minutes.points).toEqual([
        {
          at: new Date(T0).toISOString(),
          location: 'local',
          rounds: 2,
          requests: 2,
          failedRequests: 0,
          verdicts: { ok: 2 },
          timings: {
            dns: { avg: 0.5, max: 0.5 },
            connect: { avg: 1, max: 1 },
            tls: { avg: 3, max: 3 },
            ttfb: { avg: 2, max: 2 },
            total: { avg: 20, max: 30 },
          },
        },
        expect.objectContaining({ at: new Date(T0 + 60_000).toISOString(), requests: 3, failedRequests: 1 }),
      ]);

      const hours = await readHistory(store, { targetId, sinceMs: T0, untilMs: T0 + 30 * DAY });
      expect(hours.resolution).toBe('hour');
      expect(hours.points).toEqual([
        expect.objectContaining({
          rounds: 3,
          requests: 5,
          failedRequests: 1,
          verdicts: { ok: 2, app_error: 1 },
          timings: expect.objectContaining({ total: { avg: 15, max: 30 } }),
        }),
      ]);

      const raw = await readHistory(store, { targetId, sinceMs: T0, untilMs: T0 + 3_600_000 });
      expect(raw.resolution).toBe('raw');
      expect(raw.points.map((point) => ('verdict' in point ? point.verdict : ''))).toEqual([
        'ok',
        'ok',
        'app_error',
      ]);
    });

    it('chooses raw rounds for hours, minutes for days and hours beyond a week', () => {
      expect(chooseResolution(T0, T0 + 6 * 3_600_000)).toBe('raw');
      expect(chooseResolution(T0, T0 + 2 * DAY)).toBe('minute');
      expect(chooseResolution(T0, T0 + 8 * DAY)).toBe('hour');
    });

    it('resumes from the latest round of every target', async () => {
      const { store } = await openStore();
      await writeBatches(store, {
        batches: [
          buildBatch(T0, [buildRound('a.test', 'edge', 'ok', T0), buildRound('b.test', 'edge', 'ok', T0)]),
          buildBatch(T0 + 1000, [buildRound('a.test', 'edge', 'app_error', T0 + 1000)]),
        ],
      });
      const latest = await readLatestRounds(store, 'local', T0 - DAY);
      expect(latest.map((round) => [round.result.hostname, round.result.verdict]).sort()).toEqual([
        ['a.test', 'app_error'],
        ['b.test', 'ok'],
      ]);
      expect(await readLatestRounds(store, 'elsewhere', T0 - DAY)).toEqual([]);
    });

    it("reads a target's newest failing round and its newest passing round", async () => {
      const { store } = await openStore();
      await writeBatches(store, {
        batches: [
          buildBatch(T0, [buildRound('a.test', 'web1', 'ok', T0), buildRound('b.test', 'web1', 'ok', T0)]),
          buildBatch(T0 + 1000, [buildRound('a.test', 'web1', 'ok', T0 + 1000)]),
          buildBatch(T0 + 2000, [buildRound('a.test', 'web1', 'connect_refused', T0 + 2000)]),
          buildBatch(T0 + 3000, [buildRound('a.test', 'web1', 'connect_timeout', T0 + 3000)]),
        ],
      });
      const id = buildRound('a.test', 'web1', 'ok', T0).result.id;
      const failure = await readLastRound(store, id, false);
      expect([failure?.at, failure?.result.verdict]).toEqual([
        new Date(T0 + 3000).toISOString(),
        'connect_timeout',
      ]);
      const pass = await readLastRound(store, id, true);
      expect([pass?.at, pass?.result.verdict]).toEqual([new Date(T0 + 1000).toISOString(), 'ok']);
      const other = buildRound('b.test', 'web1', 'ok', T0).result.id;
      expect(await readLastRound(store, other, false)).toBeUndefined();
    });

    it('prunes each kind of history by its own retention', async () => {
      const { store } = await openStore();
      const old = T0 - 20 * DAY;
      await writeBatches(store, {
        batches: [
          buildBatch(old, [buildRound('a.test', 'edge', 'ok', old)]),
          buildBatch(T0, [buildRound('a.test', 'edge', 'ok', T0)]),
        ],
      });
      const counts = await pruneHistory(
        store,
        { rawMs: 14 * DAY, minuteMs: 90 * DAY, hourMs: 400 * DAY },
        T0,
      );
      expect(counts).toEqual({ rounds: 1, batches: 1, minute: 0, hour: 0, events: 0 });
      expect((await readBatches(store, { afterId: 0, limit: 10 })).map((entry) => entry.batch.at)).toEqual([
        new Date(T0).toISOString(),
      ]);
      const shorter = await pruneHistory(
        store,
        { rawMs: 14 * DAY, minuteMs: 10 * DAY, hourMs: 10 * DAY },
        T0,
      );
      expect(shorter).toEqual({ rounds: 0, batches: 0, minute: 1, hour: 1, events: 0 });
    });
  });
}
