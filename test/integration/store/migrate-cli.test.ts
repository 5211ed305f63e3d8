import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgres } from '../../../src/lab/postgres-server.js';
import { createMemoryLogger } from '../../../src/log/logger.js';
import { openPostgresStore } from '../../../src/store/open-postgres-store.js';
import { openSqliteStore } from '../../../src/store/open-sqlite-store.js';
import { readBatches } from '../../../src/store/read-batches.js';
import { buildBatch, buildRound } from '../../../src/store/store-test-fixtures.test-helper.js';
import { writeBatches } from '../../../src/store/write-batches.js';
import { buildCli, runBuiltCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);
const tools = requireTools(['postgres']);

describe.skipIf(tools.skip)('frontdoor migrate --from sqlite: --to postgres://', () => {
  let server: PostgresServer | undefined;
  let dir = '';

  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-migrate-'));
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('moves the history in chunks with progress, refuses a second copy unless --merge, and nodes write on after it', async () => {
    const running = server as PostgresServer;
    const path = join(dir, 'frontdoor.db');
    const sqlite = await openSqliteStore(path);
    for (let i = 0; i < 30; i += 1) {
      const atMs = T0 + i * 30_000;
      await writeBatches(sqlite, {
        batches: [
          buildBatch(atMs, [
            buildRound('a.test', 'edge', 'ok', atMs),
            buildRound('b.test', 'edge', 'ok', atMs),
          ]),
        ],
      });
    }
    const before = await readBatches(sqlite, { afterId: 0, limit: 100 });
    await sqlite.close();
    const url = await running.createDatabase('migrated');

    const first = await runBuiltCli(['migrate', '--from', `sqlite:${path}`, '--to', url, '--chunk', '7']);
    expect(first.stderr).toContain('frontdoor migrate: batches 30/30 (100%)');
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(
      /^frontdoor migrate: sqlite:.*frontdoor\.db -> postgres:\/\/frontdoor@.*\/migrated in [\d.]+ s\n/,
    );
    expect(first.stdout).toContain('  batches: 30 copied\n  rounds: 60 copied\n');

    const refused = await runBuiltCli(['migrate', '--from', `sqlite:${path}`, '--to', url]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^frontdoor migrate: postgres:\/\/frontdoor@.*\/migrated already holds history \(30 batches, 60 rounds, .*add --merge/,
    );

    const merged = await runBuiltCli(['migrate', '--from', `sqlite:${path}`, '--to', url, '--merge']);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('  batches: 0 copied, 30 there already\n');

    const postgres = await openPostgresStore(url, { logger: createMemoryLogger() });
    try {
      expect(await readBatches(postgres, { afterId: 0, limit: 100 })).toEqual(before);
      // the sequences were moved past the copied ids: the next node's batch is 31
      const next = buildBatch(T0 + 1_000_000, [buildRound('a.test', 'edge', 'ok', T0 + 1_000_000)]);
      expect(await writeBatches(postgres, { batches: [next] })).toEqual([31]);
    } finally {
      await postgres.close();
    }
  });

  it('says in one line what is wrong with its arguments', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['migrate', '--to', 'postgres://x@h/db'], /^frontdoor migrate: --from STORE is required/],
      [['migrate', '--from', 'sqlite:a.db', '--to', 'a.db'], /--to must be sqlite:PATH or postgres:/],
      [['migrate', '--from', 'sqlite:a.db', '--to', 'sqlite:a.db'], /--from and --to name the same store/],
      [
        ['migrate', '--from', 'sqlite:a.db', '--to', 'postgres://x@h/db', '--chunk', '0'],
        /--chunk must be a whole number/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runBuiltCli(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
