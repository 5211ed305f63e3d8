import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgres } from '../../../src/lab/postgres-server.js';
import { createMemoryLogger, type Logger } from '../../../src/log/logger.js';
import { describeEventsContract } from '../../../src/store/events-contract.test-helper.js';
import { describeLeaseContract } from '../../../src/store/lease-contract.test-helper.js';
import { openPostgresStore } from '../../../src/store/open-postgres-store.js';
import { readBatches } from '../../../src/store/read-batches.js';
import type { Store } from '../../../src/store/store.js';
import { describeStoreContract } from '../../../src/store/store-contract.test-helper.js';
import { buildBatch, buildRound } from '../../../src/store/store-test-fixtures.test-helper.js';
import { createStoreWriter } from '../../../src/store/store-writer.js';
import { writeBatches } from '../../../src/store/write-batches.js';
import { requireTools } from '../lab/require-tools.js';

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);
const tools = requireTools(['postgres']);

describe.skipIf(tools.skip)('the PostgreSQL store', () => {
  let server: PostgresServer | undefined;
  const open: Store[] = [];
  let databases = 0;

  beforeAll(async () => {
    server = await startPostgres();
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A fresh database on the shared server, opened (and migrated) as serve opens it. */
  async function freshStore(
    options: { name?: string; logger?: Logger } = {},
  ): Promise<{ store: Store; url: string }> {
    const running = server as PostgresServer;
    databases += 1;
    const url = await running.createDatabase(options.name ?? `contract_${databases}`);
    const store = await openPostgresStore(url, {
      logger: options.logger ?? createMemoryLogger(),
      startTimeoutMs: 20_000,
    });
    open.push(store);
    return { store, url };
  }

  describeStoreContract('postgres', () => freshStore());
  describeLeaseContract('postgres', () => freshStore());
  describeEventsContract('postgres', () => freshStore());

  it('names the server without the password, and refuses a missing database at once', async () => {
    const running = server as PostgresServer;
    const { store } = await freshStore({ name: 'named' });
    expect(store.description).toBe(`postgres://frontdoor@${running.address}:${running.port}/named`);
    const secret = running.url('absent').replace('frontdoor@', 'frontdoor:hunter2@');
    const started = Date.now();
    const error = await openPostgresStore(secret, { logger: createMemoryLogger() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FD_ERR_STORE' });
    expect(String((error as Error).message)).toMatch(
      /^store: cannot open postgres:\/\/frontdoor@.*\/absent: 3D000/,
    );
    expect(String((error as Error).message)).not.toContain('hunter2');
    // 3D000 (no such database) does not fix itself: no minute of retries before saying so
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('two nodes applying migrations at once apply each one once', async () => {
    const running = server as PostgresServer;
    const url = await running.createDatabase('racing');
    const stores = await Promise.all(
      [1, 2, 3].map(() => openPostgresStore(url, { logger: createMemoryLogger() })),
    );
    open.push(...stores);
    const applied = await running.query<{ name: string }>('racing', 'SELECT name FROM kysely_migration');
    expect(applied.map((row) => row.name)).toEqual([
      '0001-rounds',
      '0002-events',
      '0003-incidents',
      '0004-leases',
      '0005-engine-views',
    ]);
  });

  it('commits batch ids in order while three nodes write at once, so a reader by id misses none', async () => {
    const { url } = await freshStore({ name: 'ordered' });
    const nodes = await Promise.all(
      ['ams', 'fra', 'nyc'].map(async (location) => ({
        location,
        store: await openPostgresStore(url, { logger: createMemoryLogger() }),
      })),
    );
    open.push(...nodes.map((node) => node.store));
    const reader = nodes[0]?.store as Store;
    let cursor = 0;
    const seen: number[] = [];
    let writing = true;
    // The engine's way of reading: everything after the last id it judged, again and again.
    const follow = (async () => {
      for (;;) {
        // Noted before the read: a read that began while the last batches were being committed may miss
        // them, and only a read begun after every write finished may end the loop.
        const finished = !writing;
        const next = await readBatches(reader, { afterId: cursor, limit: 100 });
        for (const entry of next) seen.push(entry.id);
        cursor = next.at(-1)?.id ?? cursor;
        if (finished && next.length === 0) break;
      }
    })();
    await Promise.all(
      nodes.map(async ({ location, store }) => {
        for (let i = 0; i < 20; i += 1) {
          const batch = buildBatch(T0 + i * 1000, [buildRound('a.test', 'edge', 'ok', T0 + i * 1000)]);
          batch.location = location;
          await writeBatches(store, { batches: [batch] });
        }
      }),
    );
    writing = false;
    await follow;
    expect(seen).toHaveLength(60);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('keeps rounds in memory while the database is down, reports degraded, then writes them all', async () => {
    const running = server as PostgresServer;
    const { store } = await freshStore({ name: 'blink' });
    const logger = createMemoryLogger();
    const writer = createStoreWriter({
      store,
      logger,
      now: Date.now,
      maxQueuedRounds: 1_000,
      maxRetryMs: 500,
    });
    writer.enqueue(buildBatch(T0, [buildRound('a.test', 'edge', 'ok', T0)]));
    expect(await writer.flush(Date.now() + 10_000)).toBe(true);
    await running.halt();
    try {
      for (let i = 1; i <= 5; i += 1) {
        writer.enqueue(buildBatch(T0 + i * 1000, [buildRound('a.test', 'edge', 'ok', T0 + i * 1000)]));
      }
      await expect.poll(() => writer.status().degraded, { timeout: 10_000 }).toBe(true);
      expect(writer.status().queuedRounds).toBe(5);
    } finally {
      await running.start();
    }
    expect(await writer.flush(Date.now() + 20_000)).toBe(true);
    expect(writer.status()).toMatchObject({ degraded: false, queuedRounds: 0, writtenBatches: 6 });
    expect(await readBatches(store, { afterId: 0, limit: 10 })).toHaveLength(6);
    expect(logger.entries.map((entry) => entry.message)).toContain('store: writing again');
  });

  it('survives a shutdown of the server while a transaction holds a connection between statements', async () => {
    // The server's FATAL 57P01 reached a checked-out client that had no 'error' listener: the unhandled
    // event ended the whole serve process (three-locations saw a node vanish when PostgreSQL halted).
    const running = server as PostgresServer;
    const logger = createMemoryLogger();
    const { store } = await freshStore({ name: 'held', logger });
    let inside: () => void = () => {};
    const entered = new Promise<void>((resolve) => {
      inside = resolve;
    });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = store.exclusive((db) =>
      db.transaction().execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        inside();
        await released;
        await sql`SELECT 1`.execute(trx);
      }),
    );
    const outcome = held.then(
      () => 'committed',
      (error: Error) => `failed: ${error.message}`,
    );
    await entered;
    await running.halt();
    try {
      release();
      expect(await outcome).toMatch(/^failed: /);
    } finally {
      await running.start();
    }
    const answer = await store.exclusive(
      async (db) => (await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows,
    );
    expect(answer).toEqual([{ one: 1 }]);
    expect(logger.entries.map((entry) => entry.message)).toContain(
      'store: a database connection failed; its work is retried on a new one',
    );
  });
});
