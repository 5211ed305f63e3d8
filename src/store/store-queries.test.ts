import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeStoreContract } from './store-contract.test-helper.js';
import { buildBatch, buildRound, useTempStores } from './store-test-fixtures.test-helper.js';
import { writeBatches } from './write-batches.js';

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);

describeStoreContract('sqlite', useTempStores());

describe('the SQLite store', () => {
  const openStore = useTempStores();

  it('opens in WAL mode and keeps the file sound (integrity_check)', async () => {
    const { store, path } = await openStore();
    await writeBatches(store, { batches: [buildBatch(T0, [buildRound('a.test', 'edge', 'ok', T0)])] });
    const reader = new Database(path, { readonly: true });
    try {
      expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(reader.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      reader.close();
    }
  });
});
