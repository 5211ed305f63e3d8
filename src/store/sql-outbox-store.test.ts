import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { rowsForNotification } from '../notify/outbox-rows.js';
import {
  contractNotification,
  describeOutboxStoreContract,
  CONTRACT_T as T,
} from '../notify/outbox-store-contract.test-helper.js';
import { openSqliteStore } from './open-sqlite-store.js';
import { countPendingOutbox, createSqlOutboxStore, releaseLeases } from './sql-outbox-store.js';
import { useTempStores } from './store-test-fixtures.test-helper.js';

describe('the outbox in the store', () => {
  const openStore = useTempStores();

  describeOutboxStoreContract('SQL outbox on SQLite', async () =>
    createSqlOutboxStore((await openStore()).store),
  );

  it('records every attempt in deliveries, with the result the metrics count', async () => {
    const { store, path } = await openStore();
    const outbox = createSqlOutboxStore(store);
    await outbox.enqueue(rowsForNotification(contractNotification(1, ['pager']), T));
    const [row] = await outbox.claimDue(T, 'node-a#1', 60_000, 1);
    await outbox.markFailed(
      row?.id ?? '',
      'node-a#1',
      { at: T + 9, durationMs: 9, detail: 'refused' },
      { retryAt: T + 500 },
    );
    await outbox.claimDue(T + 500, 'node-a#1', 60_000, 1);
    await outbox.markDelivered(row?.id ?? '', 'node-a#1', {
      at: T + 510,
      durationMs: 10,
      detail: '202',
      status: 202,
    });
    const db = new Database(path, { readonly: true });
    const rows = db
      .prepare('SELECT attempt, result, status, detail, owner, incident_id FROM deliveries ORDER BY id')
      .all();
    db.close();
    expect(rows).toEqual([
      {
        attempt: 1,
        result: 'failed',
        status: null,
        detail: 'refused',
        owner: 'node-a#1',
        incident_id: 'inc-1',
      },
      { attempt: 2, result: 'sent', status: 202, detail: '202', owner: 'node-a#1', incident_id: 'inc-1' },
    ]);
    expect(await countPendingOutbox(store)).toBe(0);
  });

  it("frees only this node's leases at a restart, so a killed sender's rows go out at once", async () => {
    const { store } = await openStore();
    const outbox = createSqlOutboxStore(store);
    await outbox.enqueue([
      ...rowsForNotification(contractNotification(1, ['pager']), T),
      ...rowsForNotification(contractNotification(2, ['pager']), T),
    ]);
    await outbox.claimDue(T, 'host/ams_1#100', 120_000, 1);
    await outbox.claimDue(T, 'host/ams#200', 120_000, 1);
    expect(await releaseLeases(store, 'host/ams_1#')).toBe(1);
    expect((await outbox.claimDue(T + 1, 'host/ams_1#101', 120_000, 10)).map((row) => row.key)).toEqual([
      'inc-1#1',
    ]);
    expect(await countPendingOutbox(store)).toBe(2);
  });

  it('never hands one row to two processes claiming at once on the same file', async () => {
    const { store, path } = await openStore();
    const other = await openSqliteStore(path);
    try {
      const first = createSqlOutboxStore(store);
      const second = createSqlOutboxStore(other);
      await first.enqueue(
        Array.from({ length: 30 }, (_, n) => rowsForNotification(contractNotification(n), T)).flat(),
      );
      const claimed: string[] = [];
      for (let round = 0; round < 100 && claimed.length < 60; round += 1) {
        // The second connection fails fast while the first holds the write lock (busy_timeout 0): retry.
        const results = await Promise.allSettled([
          first.claimDue(T, 'a', 60_000, 5),
          second.claimDue(T, 'b', 60_000, 5),
        ]);
        for (const result of results)
          if (result.status === 'fulfilled') claimed.push(...result.value.map((row) => row.id));
      }
      // every row once: a connection that lost the race got SQLITE_BUSY and took nothing
      expect(claimed).toHaveLength(60);
      expect(new Set(claimed).size).toBe(60);
    } finally {
      await other.close();
    }
  });
});
