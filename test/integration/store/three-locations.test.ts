import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from '../../../src/lab/http-receiver.js';
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
  listenHealthyBeside,
  pollFor,
  readNodeStatus,
  renderLocationConfig,
  startLocationNode,
  writeLocationConfig,
} from './location-nodes.js';

// One second: the lease lasts half of it, so ten take-overs and the quorum's few rounds stay within seconds.
const INTERVAL = '1s';
const LOCATIONS = ['ams', 'fra', 'nyc'] as const;
const tools = requireTools(['postgres']);
/**
 * How near a kill -9 or a take-over of the engine lease a repeated page must be: the first send went out
 * just before the kill, the repeat just after the take-over (within an interval of it). Far less than the
 * outbox lease (2 min) or a retry's backoff that a repeat for any other reason would wait.
 */
const HAND_OVER_WINDOW_MS = 5_000;

/** What the webhook heard: one line per request. */
interface Heard {
  key: string;
  event: string;
  cause: string;
  targets: string[];
}

/**
 * Three `frontdoor serve` processes as three probe locations over one real PostgreSQL, paging one webhook:
 * the lease holder's engine judges every location's rounds and its sender notifies; what the webhook hears
 * is what is asserted.
 */
describe.skipIf(tools.skip)('three locations over one PostgreSQL', () => {
  let postgres: PostgresServer | undefined;
  let stalled: StalledListener | undefined;
  let healthy: Server | undefined;
  let reader: Store | undefined;
  let hook: HttpReceiver | undefined;
  let dir = '';
  let storeUrl = '';
  let healthyAddress = '';
  let targetId = '';
  let cartId = '';
  const nodes = new Map<string, LocationNode>();

  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-locations-'));
    postgres = await startPostgres();
    storeUrl = await postgres.createDatabase('watch');
    // Where two locations resolve shop.test: a listener that never completes a handshake, on the same port
    // as the healthy one, so only the `resolve` answer differs between locations.
    stalled = await startStalledListener();
    ({ address: healthyAddress, server: healthy } = await listenHealthyBeside(stalled.port));
    targetId = `shop:shop.test:${stalled.port}/health@edge`;
    cartId = `cart:cart.test:${stalled.port}/health@edge`;
    hook = await startHttpReceiver(() => ({ status: 200 }));
  });
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    // What every connection to the database was doing: a claim blocked behind a lock shows here.
    const activity = await postgres
      ?.query<Record<string, unknown>>(
        'postgres',
        `SELECT pid, application_name, state, wait_event_type, wait_event, backend_xid IS NOT NULL AS writing,
           round(extract(epoch from now() - xact_start)) AS xact_s, left(query, 120) AS query
         FROM pg_stat_activity WHERE datname = 'watch' ORDER BY xact_start NULLS LAST`,
      )
      .catch((error: Error) => [{ error: error.message }]);
    console.error(`pg_stat_activity: ${JSON.stringify(activity)}`);
    const leases = await postgres
      ?.query('watch', 'SELECT *, (extract(epoch from now()) * 1000)::bigint AS now_ms FROM leases')
      .catch(() => []);
    console.error(`leases: ${JSON.stringify(leases)}`);
    // A poll that timed out says only what it waited for: say how every node's processes ended, and why.
    for (const node of nodes.values()) {
      for (const serve of node.history) {
        const { exitCode, signalCode, pid } = serve.child;
        const tail = serve.logs.slice(-5).map((line) => line.msg);
        console.error(
          `${node.location} pid ${pid}: exit ${exitCode ?? signalCode ?? 'running'}; stderr ${JSON.stringify(serve.stderr().slice(-2_000))}; last logs ${JSON.stringify(tail)}`,
        );
      }
    }
  });
  afterAll(async () => {
    for (const node of nodes.values()) await node.serve.stop('SIGKILL');
    await reader?.close();
    await postgres?.stop();
    await stalled?.close();
    await hook?.close();
    await new Promise((resolve) => healthy?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  async function configFor(location: string, address: string): Promise<string> {
    return writeLocationConfig(dir, location, render(address));
  }

  /** shop.test at `address`, cart.test at `cart` (healthy unless said) */
  function render(address: string, cart = healthyAddress): string {
    const port = (stalled as StalledListener).port;
    return renderLocationConfig({
      address,
      port,
      interval: INTERVAL,
      cart,
      hook: `${hook?.origin}/frontdoor`,
    });
  }

  function heard(): Heard[] {
    return (hook as HttpReceiver).requests.map((request) => {
      const body = JSON.parse(request.body) as {
        incident?: { cause?: { code?: string }; targets?: Array<{ id: string }> };
      };
      return {
        key: String(request.headers['idempotency-key']),
        event: String(request.headers['x-frontdoor-event']),
        cause: body.incident?.cause?.code ?? '',
        targets: body.incident?.targets?.map((target) => target.id) ?? [],
      };
    });
  }

  /**
   * The outage's openings and resolutions, as the webhook heard them. A location starved of CPU (or killed)
   * for three intervals is rightly an incident of its own: not this fault.
   */
  function outagePages(target = targetId): Heard[] {
    return heard().filter(
      (entry) =>
        entry.cause !== 'location_silent' &&
        entry.targets.includes(target) &&
        (entry.event === 'opened' || entry.event === 'resolved'),
    );
  }

  /** The outage's pages by key, in the order first heard: a repeat of a key is one the webhook drops. */
  function distinctPages(target = targetId): string[] {
    const seen = new Set<string>();
    return outagePages(target)
      .filter((entry) => !seen.has(entry.key) && seen.add(entry.key))
      .map((entry) => entry.event);
  }

  /** Waits until the outage's last page is `last` and the outbox delivered everything; returns its keys. */
  async function settled(last: 'opened' | 'resolved', target = targetId): Promise<string[]> {
    return pollFor(`${target}: ${last}, and every notification delivered`, async () => {
      const rows = await (postgres as PostgresServer).query<{ key: string; state: string }>(
        'watch',
        'SELECT key, state FROM outbox',
      );
      const done =
        rows.every((entry) => entry.state === 'delivered') && distinctPages(target).at(-1) === last;
      return done ? rows.map((entry) => entry.key) : undefined;
    });
  }

  /** The transitions the holder's engine recorded, oldest first. */
  async function storedTransitions(): Promise<Array<{ kind: string; detail: string }>> {
    return (postgres as PostgresServer).query<{ kind: string; detail: string }>(
      'watch',
      'SELECT kind, detail FROM transitions ORDER BY at_ms, incident_id, number',
    );
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

  /**
   * Nothing doubled but what at-least-once needs: a key reaches the webhook again only at a hand-over of the
   * engine lease, when the sender that sent it first was killed between the webhook's answer and recording
   * it (or, stalled past its lease, recorded it after the new holder freed its claim). Without that resend
   * the page would be lost. So every repeat comes within seconds of a kill -9 or of a node taking the lease,
   * there are no more repeats than hand-overs, and every key is recorded delivered. The webhook drops a
   * repeat by its Idempotency-Key, as PagerDuty does by dedup_key.
   */
  async function expectRepeatsOnlyAtHandOvers(kills: readonly number[]): Promise<void> {
    const recorded = await (postgres as PostgresServer).query<{ key: string }>(
      'watch',
      "SELECT DISTINCT key FROM deliveries WHERE result = 'sent'",
    );
    const taken = [...nodes.values()].flatMap((node) =>
      node.history.flatMap((serve) =>
        serve.logs.filter((line) => line.msg.startsWith('lease: acquired')).map((line) => Number(line.time)),
      ),
    );
    const handOvers = [...kills, ...taken];
    const receipts = new Map<string, number[]>();
    for (const request of (hook as HttpReceiver).requests) {
      const key = String(request.headers['idempotency-key']);
      receipts.set(key, [...(receipts.get(key) ?? []), request.at]);
    }
    expect([...receipts.keys()].sort()).toEqual(recorded.map((row) => row.key).sort());
    const repeats = [...receipts].flatMap(([key, times]) => times.slice(1).map((at) => ({ key, at })));
    expect(repeats.length).toBeLessThanOrEqual(taken.length);
    for (const repeat of repeats) {
      const handOver = handOvers.some((at) => Math.abs(repeat.at - at) <= HAND_OVER_WINDOW_MS);
      expect({ ...repeat, handOver }).toEqual({ ...repeat, handOver: true });
    }
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

    await pollFor('a sighting from nyc only, recorded by the holder', async () => {
      const transitions = await storedTransitions();
      return transitions.some(
        (transition) => transition.kind === 'opened' && transition.detail.startsWith('seen from nyc only'),
      )
        ? true
        : undefined;
    });
    await waitForFreshBatches((await readAllBatches()).at(-1)?.id ?? 0);
    expect(outagePages()).toEqual([]);

    // fra now resolves shop.test to the stalled listener too (a reload, as an operator would).
    const fra = nodes.get('fra') as LocationNode;
    await writeFile(fra.configPath, render(far));
    fra.serve.child.kill('SIGHUP');
    await pollFor('a page once fra sees it too', async () => (outagePages().length > 0 ? true : undefined));
    await waitForFreshBatches((await readAllBatches()).at(-1)?.id ?? 0);
    await waitForFreshBatches((await readAllBatches()).at(-1)?.id ?? 0);
    const pages = outagePages();
    expect(pages.map((page) => page.event)).toEqual(['opened']);
    expect(pages[0]?.targets).toEqual([targetId]);
    expect((await storedTransitions()).map((transition) => transition.detail)).toContain(
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

  it('hands the engine lease over after each of ten kill -9s of its holder, and the webhook hears every page once', async () => {
    const takeovers: Array<{ killed: string; epoch: number; holder: string }> = [];
    /** when each kill -9 was sent, ms since the epoch */
    const kills: number[] = [];
    // fra and nyc see shop's fault all along: the database outage and the take-over after it changed
    // nothing the webhook hears (the new holder reads every location's view back). Then it heals
    // everywhere: one page. The kills are paged about on cart: the engine calls a fourth
    // opening within 30 minutes flapping, and shop has used its share.
    await settled('opened');
    expect(distinctPages()).toEqual(['opened']);
    for (const node of nodes.values()) {
      await writeFile(node.configPath, render(healthyAddress));
      node.serve.child.kill('SIGHUP');
    }
    await settled('resolved');
    const far = (stalled as StalledListener).address;
    let faulty = false;
    for (let kill = 0; kill < 10; kill += 1) {
      if (kill % 2 === 0) {
        // cart's fault comes and goes for every location at once (so the two left while one is dead make a
        // quorum either way): it opens and resolves in turn while the engine moves from node to node, each
        // page judged and sent across two take-overs. A killed node restarts with the file as it is.
        faulty = !faulty;
        for (const node of nodes.values()) {
          await writeFile(node.configPath, render(healthyAddress, faulty ? far : healthyAddress));
          node.serve.child.kill('SIGHUP');
        }
      }
      const holder = await pollFor('one holder', async () => {
        const statuses = await Promise.all(
          [...nodes.values()].map(async (node) => ({ node, status: await readNodeStatus(node) })),
        );
        const holding = statuses.filter((entry) => entry.status.lease.held);
        return holding.length === 1 ? holding[0] : undefined;
      });
      const dead = holder?.node as LocationNode;
      const deadStatus = holder?.status.lease;
      kills.push(Date.now());
      await dead.serve.stop('SIGKILL');
      // The killed location comes back as a new process (a new owner) while the others take over; the new
      // process may win the lease itself once it has run out (it starts within the lease's time on a fast
      // machine), which is as good a take-over as any.
      nodes.set(
        dead.location,
        await startLocationNode(dir, dead.location, dead.configPath, storeUrl, dead.history),
      );
      const next = await pollFor('a take-over', async () => {
        for (const node of nodes.values()) {
          const { lease } = await readNodeStatus(node);
          if (lease.held) return { epoch: lease.epoch, holder: lease.owner };
        }
        return undefined;
      });
      expect(next.epoch).toBeGreaterThan(deadStatus?.epoch ?? 0);
      expect(next.holder).not.toBe(deadStatus?.owner);
      takeovers.push({ killed: deadStatus?.owner ?? '', ...next });
      if (kill % 2 === 1) {
        const expected = faulty ? 'opened' : 'resolved';
        await pollFor(`cart ${expected} after the fault's flip`, async () =>
          distinctPages(cartId).at(-1) === expected ? true : undefined,
        ).catch((error: Error) => {
          throw new Error(`${error.message}: heard ${JSON.stringify(heard())}`);
        });
        expect(distinctPages(cartId).length).toBe((kill + 1) / 2);
      }
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

    // Every key the outbox holds reached the webhook, and nothing it does not hold.
    const outbox = await settled('opened', cartId);
    const keys = heard().map((entry) => entry.key);
    expect([...new Set(keys)].sort()).toEqual([...new Set(outbox)].sort());
    await expectRepeatsOnlyAtHandOvers(kills);
    // One engine at a time: by key, each outage opened and resolved in turn, never opened twice over, and
    // each of cart's five flips was paged once; shop opened once and resolved once.
    expect(distinctPages(cartId)).toEqual(['opened', 'resolved', 'opened', 'resolved', 'opened']);
    expect(distinctPages()).toEqual(['opened', 'resolved']);
  });
});
