import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEngineSettings, locationSettings } from '../../../src/incidents/engine-settings.js';
import type { IncidentNotification, Transition } from '../../../src/incidents/incident.js';
import { replayInputs } from '../../../src/incidents/replay.js';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { type PostgresServer, startPostgres } from '../../../src/lab/postgres-server.js';
import { type StalledListener, startStalledListener } from '../../../src/lab/stalled-listener.js';
import { createMemoryLogger } from '../../../src/log/logger.js';
import { openPostgresStore } from '../../../src/store/open-postgres-store.js';
import { readBatches, type StoredBatch } from '../../../src/store/read-batches.js';
import type { Store } from '../../../src/store/store.js';
import { buildCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import {
  type LocationNode,
  listAcquisitions,
  pollFor,
  readNodeStatus,
  renderLocationConfig,
  startLocationNode,
  writeLocationConfig,
} from './location-nodes.js';

// One second: the lease lasts half of it, so ten take-overs and the quorum's few rounds stay within seconds.
const INTERVAL = '1s';
const INTERVAL_MS = 1_000;
const LOCATIONS = ['ams', 'fra', 'nyc'] as const;
const tools = requireTools(['postgres']);

/**
 * Three `frontdoor serve` processes as three probe locations over one real PostgreSQL. The engine is run
 * over what they stored, in the order the store committed it, the way the lease holder reads it.
 */
describe.skipIf(tools.skip)('three locations over one PostgreSQL', () => {
  let postgres: PostgresServer | undefined;
  let stalled: StalledListener | undefined;
  let healthy: Server | undefined;
  let reader: Store | undefined;
  let dir = '';
  let storeUrl = '';
  let healthyAddress = '';
  let targetId = '';
  const nodes = new Map<string, LocationNode>();

  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-locations-'));
    postgres = await startPostgres();
    storeUrl = await postgres.createDatabase('watch');
    // Where two locations resolve shop.test: a listener that never completes a handshake, on the same port
    // as the healthy one, so only the `resolve` answer differs between locations.
    stalled = await startStalledListener();
    healthyAddress = allocateLoopbackAddress();
    const server = createServer((_request, response) => response.end('ok'));
    healthy = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: healthyAddress, port: stalled?.port, exclusive: true }, resolve);
    });
    targetId = `shop:shop.test:${stalled.port}/health@edge`;
  });
  afterAll(async () => {
    for (const node of nodes.values()) await node.serve.stop('SIGKILL');
    await reader?.close();
    await postgres?.stop();
    await stalled?.close();
    await new Promise((resolve) => healthy?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  async function configFor(location: string, address: string): Promise<string> {
    const port = (stalled as StalledListener).port;
    return writeLocationConfig(dir, location, renderLocationConfig({ address, port, interval: INTERVAL }));
  }

  async function readAllBatches(): Promise<StoredBatch[]> {
    reader ??= await openPostgresStore(storeUrl, { logger: createMemoryLogger() });
    const all: StoredBatch[] = [];
    for (;;) {
      const page = await readBatches(reader, { afterId: all.at(-1)?.id ?? 0, limit: 500 });
      if (page.length === 0) return all;
      all.push(...page);
    }
  }

  /** The engine over everything stored, with the nodes' settings (watch.quorum: 2). */
  async function judgeStored(): Promise<{
    batches: StoredBatch[];
    transitions: Transition[];
    outage: IncidentNotification[];
  }> {
    const batches = await readAllBatches();
    const settings = { ...buildEngineSettings(), locations: locationSettings(INTERVAL_MS, 2) };
    const { steps } = replayInputs(
      batches.map((entry, index) => ({ line: index + 1, input: entry.batch })),
      settings,
    );
    return {
      batches,
      transitions: steps.flatMap((step) => step.transitions),
      // A location starved of CPU for three intervals is rightly an incident of its own: not this fault.
      outage: steps
        .flatMap((step) => step.notifications)
        .filter((notification) => notification.incident.cause.code !== 'location_silent'),
    };
  }

  /** Waits until every location has stored a batch after `afterId`, twice over. */
  async function waitForFreshBatches(afterId: number): Promise<void> {
    await pollFor('two more batches from every location', async () => {
      const batches = await readAllBatches();
      const fresh = LOCATIONS.map(
        (location) =>
          batches.filter((entry) => entry.id > afterId && entry.batch.location === location).length,
      );
      return fresh.every((count) => count >= 2) ? true : undefined;
    });
  }

  it('pages nobody for a fault one location sees, and once when a second sees it too', async () => {
    const local = healthyAddress;
    const far = (stalled as StalledListener).address;
    const ams = await startLocationNode(dir, 'ams', await configFor('ams', local), storeUrl);
    nodes.set('ams', ams);
    const others = await Promise.all([
      startLocationNode(dir, 'fra', await configFor('fra', local), storeUrl),
      startLocationNode(dir, 'nyc', await configFor('nyc', far), storeUrl),
    ]);
    for (const node of others) nodes.set(node.location, node);

    const partial = await pollFor('a sighting from nyc only', async () => {
      const judged = await judgeStored();
      const opened = judged.transitions.find(
        (transition) => transition.kind === 'opened' && transition.detail.startsWith('seen from nyc only'),
      );
      return opened === undefined ? undefined : { opened, lastId: judged.batches.at(-1)?.id ?? 0 };
    });
    expect(partial.opened.targets).toEqual([targetId]);
    await waitForFreshBatches(partial.lastId);
    expect((await judgeStored()).outage).toEqual([]);

    // fra now resolves shop.test to the stalled listener too (a reload, as an operator would).
    const fra = nodes.get('fra') as LocationNode;
    await writeFile(
      fra.configPath,
      renderLocationConfig({ address: far, port: stalled?.port ?? 0, interval: INTERVAL }),
    );
    fra.serve.child.kill('SIGHUP');
    const paged = await pollFor('a page once fra sees it too', async () => {
      const judged = await judgeStored();
      return judged.outage.length > 0 ? (judged.batches.at(-1)?.id ?? 0) : undefined;
    });
    await waitForFreshBatches(paged);
    const { outage, transitions } = await judgeStored();
    expect(outage).toHaveLength(1);
    expect(outage[0]).toMatchObject({ kind: 'opened' });
    expect(outage[0]?.incident.targets.map((target) => target.id)).toEqual([targetId]);
    expect(transitions.map((transition) => transition.detail)).toContain(
      'resolved: a quorum of locations sees it now, and that outage is notified',
    );
  });

  it('keeps probing while the database is down, says so in /readyz and the status, then writes it all', async () => {
    const running = postgres as PostgresServer;
    const all = [...nodes.values()];
    const before = await Promise.all(all.map(readNodeStatus));
    const haltedAt = Date.now();
    await running.halt();
    try {
      for (const [index, node] of all.entries()) {
        const detail = await pollFor(`${node.location}: /readyz says the store is down`, async () => {
          const response = await fetch(`${node.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
          const body = (await response.json()) as { checks: { store: { ok: boolean; detail: string } } };
          return response.status === 503 && !body.checks.store.ok ? body.checks.store.detail : undefined;
        });
        expect(detail).toMatch(/^(unreachable|degraded): /);
        const rounds = before[index]?.scheduler.rounds ?? 0;
        const status = await pollFor(`${node.location}: degraded, and probing on`, async () => {
          const now = await readNodeStatus(node);
          return now.store.degraded && now.scheduler.rounds >= rounds + 2 ? now : undefined;
        });
        expect(status.store.queuedRounds).toBeGreaterThan(0);
      }
      // Nobody can renew the engine lease, so nobody runs the engine on a lease that may have run out.
      await pollFor('the engine lease given up everywhere', async () => {
        const statuses = await Promise.all(all.map(readNodeStatus));
        return statuses.every((status) => !status.lease.held) ? true : undefined;
      });
    } finally {
      await running.start();
    }
    const restartedAt = Date.now();
    for (const node of all) {
      await pollFor(`${node.location}: ready again`, async () => {
        const response = await fetch(`${node.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
        const status = await readNodeStatus(node);
        return response.status === 200 && status.store.queuedRounds === 0 ? true : undefined;
      });
    }
    // Rounds of the last second before the restart may still sit in a batch not yet closed: poll, not read once.
    await pollFor('rounds probed during the outage, stored from every location', async () => {
      const kept = await running.query<{ location: string }>(
        'watch',
        'SELECT DISTINCT location FROM rounds WHERE at_ms > $1 AND at_ms < $2 ORDER BY location',
        [haltedAt, restartedAt],
      );
      return kept.map((row) => row.location).join(',') === LOCATIONS.join(',') ? true : undefined;
    });
    await pollFor('a node holds the engine lease again', async () => {
      const statuses = await Promise.all(all.map(readNodeStatus));
      return statuses.filter((status) => status.lease.held).length === 1 ? true : undefined;
    });
  });

  it('hands the engine lease over after each of ten kill -9s of its holder, one holder per epoch', async () => {
    const takeovers: Array<{ killed: string; epoch: number; holder: string }> = [];
    for (let kill = 0; kill < 10; kill += 1) {
      const holder = await pollFor('one holder', async () => {
        const statuses = await Promise.all(
          [...nodes.values()].map(async (node) => ({ node, status: await readNodeStatus(node) })),
        );
        const holding = statuses.filter((entry) => entry.status.lease.held);
        return holding.length === 1 ? holding[0] : undefined;
      });
      const dead = holder?.node as LocationNode;
      const deadStatus = holder?.status.lease;
      await dead.serve.stop('SIGKILL');
      // The killed location comes back as a new process (a new owner) while the others take over.
      const restarted = startLocationNode(dir, dead.location, dead.configPath, storeUrl, dead.history);
      const survivors = [...nodes.values()].filter((node) => node !== dead);
      const next = await pollFor('a take-over', async () => {
        for (const node of survivors) {
          const { lease } = await readNodeStatus(node);
          if (lease.held) return { epoch: lease.epoch, holder: lease.owner };
        }
        return undefined;
      });
      expect(next.epoch).toBeGreaterThan(deadStatus?.epoch ?? 0);
      takeovers.push({ killed: deadStatus?.owner ?? '', ...next });
      nodes.set(dead.location, await restarted);
    }

    const epochs = takeovers.map((takeover) => takeover.epoch);
    expect(epochs).toEqual([...new Set(epochs)].sort((a, b) => a - b));
    // Every epoch went to exactly one process: no two nodes ever ran the engine under the same fencing token.
    const owners = new Map<number, Set<string>>();
    for (const { epoch, owner } of listAcquisitions([...nodes.values()])) {
      owners.set(epoch, (owners.get(epoch) ?? new Set()).add(owner));
    }
    const shared = [...owners].filter(([, set]) => set.size > 1);
    expect(shared).toEqual([]);
    for (const takeover of takeovers) expect(owners.get(takeover.epoch)).toEqual(new Set([takeover.holder]));
    const row = await (postgres as PostgresServer).query<{ epoch: string }>(
      'watch',
      "SELECT epoch FROM leases WHERE name = 'engine'",
    );
    expect(Number(row[0]?.epoch)).toBe(Math.max(...owners.keys()));
    // Every location stores on after its last restart.
    await waitForFreshBatches((await readAllBatches()).at(-1)?.id ?? 0);
  });
});
