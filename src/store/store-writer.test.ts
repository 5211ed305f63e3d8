import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log/logger.js';
import { readBatches } from './read-batches.js';
import { buildBatch, buildRound, useTempStores } from './store-test-fixtures.test-helper.js';
import { createStoreWriter } from './store-writer.js';

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);

describe('createStoreWriter', () => {
  const openStore = useTempStores();

  it('commits batches in order and hands each one to listeners after commit', async () => {
    const { store } = await openStore();
    const writer = createStoreWriter({
      store,
      logger: createMemoryLogger(),
      now: Date.now,
      maxQueuedRounds: 100,
    });
    const seen: number[] = [];
    writer.onStored(async (stored) => {
      // Committed before the listener runs: the engine may read it back.
      const [again] = await readBatches(store, { afterId: stored.id - 1, limit: 1 });
      expect(again?.batch).toEqual(stored.batch);
      seen.push(stored.id);
    });
    for (let i = 0; i < 3; i += 1) {
      writer.enqueue(buildBatch(T0 + i * 1000, [buildRound('a.test', 'edge', 'ok', T0 + i * 1000)]));
    }
    expect(await writer.flush(Date.now() + 5_000)).toBe(true);
    expect(seen).toEqual([1, 2, 3]);
    expect(writer.status()).toMatchObject({
      degraded: false,
      queuedRounds: 0,
      writtenBatches: 3,
      writtenRounds: 3,
    });
  });

  it('keeps results in memory while another connection holds the write lock, then writes them all', async () => {
    const { store, path } = await openStore();
    const logger = createMemoryLogger();
    const writer = createStoreWriter({ store, logger, now: Date.now, maxQueuedRounds: 100, retryMs: 10 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      writer.enqueue(buildBatch(T0, [buildRound('a.test', 'edge', 'ok', T0)]));
      writer.enqueue(buildBatch(T0 + 1000, [buildRound('a.test', 'edge', 'connect_refused', T0 + 1000)]));
      expect(await writer.flush(Date.now() + 100)).toBe(false);
      const status = writer.status();
      expect(status.degraded).toBe(true);
      expect(status.reason).toContain('SQLITE_BUSY');
      expect(status.queuedRounds).toBe(2);
      expect(logger.entries.filter((entry) => entry.level === 'warn')).toHaveLength(1);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await writer.flush(Date.now() + 5_000)).toBe(true);
    expect(writer.status()).toMatchObject({ degraded: false, queuedRounds: 0, writtenRounds: 2 });
    const stored = await readBatches(store, { afterId: 0, limit: 10 });
    expect(stored.map((entry) => entry.batch.rounds[0]?.result.verdict)).toEqual(['ok', 'connect_refused']);
    expect(logger.entries.at(-1)?.message).toBe('store: writing again');
  });

  it('drops the oldest batches past its bound, counts them and logs once', async () => {
    const { store, path } = await openStore();
    const logger = createMemoryLogger();
    const writer = createStoreWriter({ store, logger, now: Date.now, maxQueuedRounds: 4, retryMs: 10 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const enqueueAt = (at: number) =>
        writer.enqueue(
          buildBatch(at, [buildRound('a.test', 'edge', 'ok', at), buildRound('b.test', 'edge', 'ok', at)]),
        );
      enqueueAt(T0);
      // Once its write has failed, the first batch is no longer held by a write and may be dropped too.
      expect(await writer.flush(Date.now() + 50)).toBe(false);
      for (let i = 1; i < 5; i += 1) enqueueAt(T0 + i * 1000);
      expect(writer.status()).toMatchObject({ queuedBatches: 2, queuedRounds: 4, droppedRounds: 6 });
      expect(logger.entries.filter((entry) => entry.message.includes('queue full'))).toHaveLength(1);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await writer.flush(Date.now() + 5_000)).toBe(true);
    const stored = await readBatches(store, { afterId: 0, limit: 10 });
    expect(stored.map((entry) => entry.batch.at)).toEqual([
      new Date(T0 + 3000).toISOString(),
      new Date(T0 + 4000).toISOString(),
    ]);
  });
});
