import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from '../../../src/lab/http-receiver.js';
import { type PostgresServer, startPostgres } from '../../../src/lab/postgres-server.js';
import { type StalledListener, startStalledListener } from '../../../src/lab/stalled-listener.js';
import { startTcpRelay, type TcpRelay } from '../../../src/lab/tcp-relay.js';
import { buildCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import {
  type LocationNode,
  listenHealthyBeside,
  pollFor,
  readNodeStatus,
  renderLocationConfig,
  startLocationNode,
  writeLocationConfig,
} from './location-nodes.js';

const INTERVAL = '1s';
const tools = requireTools(['postgres']);

/**
 * Two of three locations cut off from the database for several intervals (each reaches PostgreSQL through
 * a relay the test cuts), while the third, alone in the store, is the majority of those reporting and pages
 * an outage every location sees, then its end. When the two come back they write what they queued, after
 * the third's newer rounds: the engine must not judge their stale failures together, beside the current
 * views, into a second outage, nor stamp what they cause before what it already recorded. (Whether the
 * two queues interleave depends on when each writer retries; src/incidents/late-batches.test.ts takes
 * them in turn, the case that paged the outage twice.)
 */
describe.skipIf(tools.skip)('locations cut off from the database, then back', () => {
  let postgres: PostgresServer | undefined;
  let stalled: StalledListener | undefined;
  let healthy: Server | undefined;
  let hook: HttpReceiver | undefined;
  const relays = new Map<string, TcpRelay>();
  const nodes = new Map<string, LocationNode>();
  let dir = '';
  let healthyAddress = '';
  let targetId = '';

  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-cut-off-'));
    postgres = await startPostgres();
    await postgres.createDatabase('watch');
    stalled = await startStalledListener();
    ({ address: healthyAddress, server: healthy } = await listenHealthyBeside(stalled.port));
    targetId = `shop:shop.test:${stalled.port}/health@edge`;
    hook = await startHttpReceiver(() => ({ status: 200 }));
  });
  afterEach((context) => {
    if (context.task.result?.state !== 'fail') return;
    for (const node of nodes.values()) {
      const tail = node.serve.logs.slice(-8).map((line) => line.msg);
      console.error(
        `${node.location}: stderr ${node.serve.stderr().slice(-2_000)}; last logs ${JSON.stringify(tail)}`,
      );
    }
  });
  afterAll(async () => {
    for (const node of nodes.values()) await node.serve.stop('SIGKILL');
    for (const relay of relays.values()) await relay.close();
    await postgres?.stop();
    await stalled?.close();
    await hook?.close();
    await new Promise((resolve) => healthy?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  function render(address: string): string {
    return renderLocationConfig({
      address,
      port: (stalled as StalledListener).port,
      interval: INTERVAL,
      hook: `${hook?.origin}/frontdoor`,
      quorum: 'majority',
    });
  }

  /** Every node resolves shop.test to `address` from now on (a reload, as an operator would). */
  async function pointShopAt(address: string): Promise<void> {
    for (const node of nodes.values()) {
      await writeFile(node.configPath, render(address));
      node.serve.child.kill('SIGHUP');
    }
  }

  /** The outage's pages as the webhook heard them, one per key: a location's silence is not this fault. */
  function outagePages(): string[] {
    const seen = new Set<string>();
    return (hook as HttpReceiver).requests.flatMap((request) => {
      const body = JSON.parse(request.body) as {
        incident?: { cause?: { code?: string }; targets?: Array<{ id: string }> };
      };
      const key = String(request.headers['idempotency-key']);
      const event = String(request.headers['x-frontdoor-event']);
      const ours =
        body.incident?.cause?.code !== 'location_silent' &&
        (body.incident?.targets ?? []).some((target) => target.id === targetId) &&
        (event === 'opened' || event === 'resolved');
      if (!ours || seen.has(key)) return [];
      seen.add(key);
      return [event];
    });
  }

  /** The holder's transitions, each incident's in its order. */
  async function storedTransitions(): Promise<
    Array<{ incident_id: string; kind: string; detail: string; at_ms: string }>
  > {
    return (postgres as PostgresServer).query(
      'watch',
      'SELECT incident_id, kind, detail, at_ms FROM transitions ORDER BY incident_id, number',
    );
  }

  it('pages an outage the one location left in the store saw once, and not again when the others write their queues', async () => {
    const db = postgres as PostgresServer;
    for (const location of ['ams', 'fra']) {
      const relay = await startTcpRelay({ host: db.address, port: db.port });
      relays.set(location, relay);
    }
    const urlThrough = (relay: TcpRelay) => `postgres://frontdoor@${relay.address}:${relay.port}/watch`;
    for (const location of ['ams', 'fra', 'nyc']) {
      const relay = relays.get(location);
      const url = relay === undefined ? db.url('watch') : urlThrough(relay);
      const config = await writeLocationConfig(dir, location, render(healthyAddress));
      nodes.set(location, await startLocationNode(dir, location, config, url));
    }
    await pollFor('every location storing', async () => {
      const rows = await db.query<{ location: string }>('watch', 'SELECT DISTINCT location FROM rounds');
      return rows.length === 3 ? true : undefined;
    });

    for (const relay of relays.values()) await relay.cut();
    for (const location of ['ams', 'fra']) {
      await pollFor(`${location}: cut off, probing on`, async () => {
        const status = await readNodeStatus(nodes.get(location) as LocationNode);
        return status.store.degraded ? true : undefined;
      });
    }
    await pollFor('nyc holds the engine lease', async () =>
      (await readNodeStatus(nodes.get('nyc') as LocationNode)).lease.held ? true : undefined,
    );
    await pointShopAt((stalled as StalledListener).address);
    await pollFor('nyc alone, the majority of those reporting, pages the outage', async () =>
      outagePages().length === 1 ? true : undefined,
    );
    // ams and fra queue failing rounds a few intervals more, then passing ones.
    await sleep(3_000);
    await pointShopAt(healthyAddress);
    await pollFor('the outage resolved', async () => (outagePages().length === 2 ? true : undefined));
    await sleep(3_000);
    const queued = await Promise.all(
      ['ams', 'fra'].map(
        async (location) => (await readNodeStatus(nodes.get(location) as LocationNode)).store,
      ),
    );
    for (const store of queued) expect(store.queuedRounds).toBeGreaterThan(4);

    const mendedAt = Date.now();
    for (const relay of relays.values()) await relay.mend();
    for (const location of ['ams', 'fra']) {
      await pollFor(
        `${location}: its queue written`,
        async () => {
          const status = await readNodeStatus(nodes.get(location) as LocationNode);
          return !status.store.degraded && status.store.queuedRounds === 0 ? true : undefined;
        },
        60_000,
      );
    }
    // The holder took in their late batches and their current ones after: both report again.
    await pollFor('ams and fra report again', async () => {
      const details = (await storedTransitions()).map((transition) => transition.detail);
      return details.includes('resolved: ams reports again') &&
        details.includes('resolved: fra reports again')
        ? true
        : undefined;
    });
    await sleep(3_000);

    expect(outagePages()).toEqual(['opened', 'resolved']);
    // The watch watched itself: each cut-off location was an incident of its own, paged, and over once its
    // rounds were current again.
    const silences = (hook as HttpReceiver).requests.flatMap((request) => {
      const body = JSON.parse(request.body) as { incident?: { cause?: { key?: string } } };
      const key = body.incident?.cause?.key ?? '';
      return key.startsWith('location_silent:')
        ? [`${key.slice('location_silent:'.length)} ${String(request.headers['x-frontdoor-event'])}`]
        : [];
    });
    for (const location of ['ams', 'fra']) {
      expect(silences.filter((line) => line.startsWith(`${location} `))).toEqual([
        `${location} opened`,
        `${location} resolved`,
      ]);
    }
    // The engine's time never went back: what a late batch caused is stamped when it learned of it, so no
    // incident's transition is older than the one before it.
    const transitions = await storedTransitions();
    const backwards = transitions.filter((transition, index) => {
      const before = transitions[index - 1];
      return (
        before?.incident_id === transition.incident_id && Number(before.at_ms) > Number(transition.at_ms)
      );
    });
    expect(backwards).toEqual([]);
    const late = await db.query<{ n: string }>(
      'watch',
      "SELECT count(*) AS n FROM rounds WHERE location IN ('ams', 'fra') AND at_ms < $1 AND at_ms > $1 - 8000",
      [mendedAt],
    );
    // Nothing lost either: every round the two probed while cut off is in the history.
    expect(Number(late[0]?.n)).toBeGreaterThan(8);
  });
});
