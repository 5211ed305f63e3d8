import { describe, expect, it } from 'vitest';
import { readTargetRounds } from './read-target-rounds.js';
import type { Store } from './store.js';
import { buildBatch, buildRound, useTempStores } from './store-test-fixtures.test-helper.js';
import { writeBatches } from './write-batches.js';

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);

describe('readTargetRounds', () => {
  const openStore = useTempStores();

  it('keeps the newest rounds up to its limit across every slice of ids, oldest first', async () => {
    const { store } = await openStore();
    // 1,200 targets (three slices of ids), two rounds each: the newest 100 of them all are wanted.
    const hosts = Array.from({ length: 1_200 }, (_, index) => `h${index}.test`);
    const rounds = hosts.flatMap((host, index) => [
      buildRound(host, 'edge', 'ok', T0 + index * 1_000),
      buildRound(host, 'edge', 'connect_refused', T0 + 5_000_000 + index * 1_000),
    ]);
    await writeBatches(store, { batches: [buildBatch(T0 + 10_000_000, rounds)] });
    const targetIds = hosts.map((host) => `shop:${host}/health@edge`);

    const read = await readTargetRounds(store, {
      targetIds,
      sinceMs: T0,
      untilMs: T0 + 10_000_000,
      limit: 100,
    });
    expect(read).toHaveLength(100);
    const times = read.map((round) => Date.parse(round.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBe(T0 + 5_000_000 + 1_100 * 1_000);
    expect(times.at(-1)).toBe(T0 + 5_000_000 + 1_199 * 1_000);
    expect(new Set(read.map((round) => round.result.verdict))).toEqual(new Set(['connect_refused']));
  });

  it('returns every round in range when there are fewer than the limit', async () => {
    const { store } = await openStore();
    const rounds = [0, 1, 2].map((index) => buildRound('a.test', 'edge', 'ok', T0 + index * 30_000));
    await writeBatches(store, { batches: [buildBatch(T0 + 90_000, rounds)] });
    const read = await readTargetRounds(store, {
      targetIds: [rounds[0]?.result.id ?? ''],
      sinceMs: T0 + 1,
      untilMs: T0 + 90_000,
    });
    expect(read.map((round) => round.at)).toEqual(rounds.slice(1).map((round) => round.at));
  });

  it('asks later slices only for rounds newer than the oldest it holds once it holds its limit', async () => {
    const { store } = await openStore();
    const hosts = Array.from({ length: 1_200 }, (_, index) => `h${index}.test`);
    const rounds = hosts.map((host, index) => buildRound(host, 'edge', 'ok', T0 + index * 1_000));
    await writeBatches(store, { batches: [buildBatch(T0 + 2_000_000, rounds)] });
    let rowsRead = 0;
    const counting: Store = {
      ...store,
      exclusive: async (work) => {
        const rows = await store.exclusive(work);
        if (Array.isArray(rows)) rowsRead += rows.length;
        return rows;
      },
    };
    // The newest targets first: the first slice fills the limit and the two after it have nothing newer.
    const read = await readTargetRounds(counting, {
      targetIds: hosts.map((host) => `shop:${host}/health@edge`).reverse(),
      sinceMs: T0,
      untilMs: T0 + 2_000_000,
      limit: 100,
    });
    expect(read).toHaveLength(100);
    expect(Date.parse(read[0]?.at ?? '')).toBe(T0 + 1_100 * 1_000);
    expect(rowsRead).toBe(100);
  });
});
