import { describe, expect, it } from 'vitest';
import { hostEventSchema } from '../incidents/host-event.js';
import { copyHistory, countHistory } from './copy-history.js';
import { readBatches } from './read-batches.js';
import { readEventsAfter } from './read-events.js';
import { readHistory } from './read-history.js';
import { buildBatch, buildRound, useTempStores } from './store-test-fixtures.test-helper.js';
import { writeBatches } from './write-batches.js';
import { storeDeployMark, storeHostEvents } from './write-events.js';

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);

describe('copyHistory', () => {
  const openStore = useTempStores();

  async function sourceWithHistory(batches: number) {
    const { store } = await openStore();
    for (let i = 0; i < batches; i += 1) {
      const atMs = T0 + i * 30_000;
      await writeBatches(store, {
        batches: [
          buildBatch(atMs, [
            buildRound('a.test', 'edge', 'ok', atMs),
            buildRound('b.test', 'edge', 'app_error', atMs),
          ]),
        ],
      });
    }
    return store;
  }

  /** Host events and a deploy mark, the change timeline beside the rounds. */
  async function addTimeline(store: Awaited<ReturnType<typeof sourceWithHistory>>) {
    const event = (sequence: number) =>
      hostEventSchema.parse({
        type: 'nginx_test_recovered',
        origin: 'web1',
        sequence,
        observedAt: new Date(T0 + sequence * 1000).toISOString(),
        config: '/etc/nginx/nginx.conf',
        output: ['nginx: configuration file /etc/nginx/nginx.conf test is successful'],
      });
    await storeHostEvents(store, [event(1), event(2)], { receivedAtMs: T0, source: 'web1-agent' });
    await storeDeployMark(
      store,
      {
        result: 'passed',
        reasons: [],
        mode: 'burst',
        startedAt: new Date(T0).toISOString(),
        endedAt: new Date(T0 + 60_000).toISOString(),
        interrupted: false,
        origins: ['web1', 'web2'],
        targetCount: 0,
        failedCount: 0,
        targets: [],
        targetsTruncated: false,
      },
      { receivedAtMs: T0 + 1, source: 'ci' },
    );
  }

  it('copies every table in chunks, keeping ids, and reads back the same history', async () => {
    const source = await sourceWithHistory(7);
    await addTimeline(source);
    const { store: target } = await openStore();
    const progress: string[] = [];
    const counts = await copyHistory(source, target, {
      chunk: 3,
      merge: false,
      onProgress: ({ table, done, total }) => progress.push(`${table} ${done}/${total}`),
    });
    expect(counts.batches).toEqual({ read: 7, written: 7 });
    expect(counts.rounds).toEqual({ read: 14, written: 14 });
    expect(await countHistory(target)).toEqual(await countHistory(source));
    expect(progress.filter((line) => line.startsWith('batches'))).toEqual([
      'batches 3/7',
      'batches 6/7',
      'batches 7/7',
    ]);
    expect(await readBatches(target, { afterId: 0, limit: 100 })).toEqual(
      await readBatches(source, { afterId: 0, limit: 100 }),
    );
    const targetId = buildRound('a.test', 'edge', 'ok', T0).result.id;
    const query = { targetId, sinceMs: T0, untilMs: T0 + 86_400_000 };
    expect(await readHistory(target, query)).toEqual(await readHistory(source, query));
    expect(counts.events).toEqual({ read: 3, written: 3 });
    expect(counts.deploy_origins).toEqual({ read: 2, written: 2 });
    expect(await readEventsAfter(target, 0, 10)).toEqual(await readEventsAfter(source, 0, 10));
  });

  it('refuses a target with history unless told to merge; merging again copies nothing twice', async () => {
    const source = await sourceWithHistory(4);
    await addTimeline(source);
    const { store: target } = await openStore();
    await copyHistory(source, target, { chunk: 2, merge: false });
    await expect(copyHistory(source, target, { chunk: 2, merge: false })).rejects.toThrow(
      /already holds history \(4 batches, 8 rounds, .*add --merge/,
    );
    const again = await copyHistory(source, target, { chunk: 2, merge: true });
    expect(again.batches).toEqual({ read: 4, written: 0 });
    expect(again.rollup_minute.written).toBe(0);
    expect(again.events).toEqual({ read: 3, written: 0 });
    expect(await countHistory(target)).toEqual(await countHistory(source));
  });

  it('refuses to merge histories that are not one: a batch id taken by another batch', async () => {
    const source = await sourceWithHistory(2);
    const other = await sourceWithHistory(1);
    const { store: target } = await openStore();
    await copyHistory(other, target, { chunk: 10, merge: false });
    const elsewhere = buildBatch(T0 + 5_000, [buildRound('c.test', 'edge', 'ok', T0 + 5_000)]);
    elsewhere.location = 'fra';
    await writeBatches(target, { batches: [elsewhere] });
    await expect(copyHistory(source, target, { chunk: 10, merge: true })).rejects.toThrow(
      /holds batch 2 from fra at .*these histories are not one/,
    );
  });
});
