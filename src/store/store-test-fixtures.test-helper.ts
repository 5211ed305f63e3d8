import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import type { Verdict } from '../diagnose/verdict.js';
import type { RoundBatch, TargetRound } from '../incidents/round.js';
import { openSqliteStore } from './open-sqlite-store.js';
import type { Store } from './store.js';

/** Opens a fresh SQLite store in its own temp dir; both are closed and removed after the test. */
export function useTempStores(): () => Promise<{ store: Store; path: string }> {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-store-'));
    const path = join(dir, 'frontdoor.db');
    const store = await openSqliteStore(path);
    cleanups.push(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    return { store, path };
  };
}

/** A round of `hostname via via` at `atMs` with `verdict` and a total time. */
export function buildRound(
  hostname: string,
  via: string,
  verdict: Verdict,
  atMs: number,
  extra: { totalMs?: number; reason?: TargetRound['reason']; burst?: { size: number; failed: number } } = {},
): TargetRound {
  const result = buildResult(hostname, via, verdict);
  result.timings = { dns: 0.5, connect: 1, tls: 3, ttfb: 2, total: extra.totalMs ?? 7 };
  if (extra.burst !== undefined) result.burst = extra.burst;
  return { at: new Date(atMs).toISOString(), location: 'local', reason: extra.reason ?? 'scheduled', result };
}

export function buildBatch(atMs: number, rounds: TargetRound[]): RoundBatch {
  return { type: 'rounds', at: new Date(atMs).toISOString(), location: 'local', rounds, findings: [] };
}
