import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../config/alerts-config.js';
import type { FrontdoorConfig } from '../../config/config-types.js';
import { WATCH_DEFAULTS } from '../../config/watch-schema.js';
import { buildEngineSettings } from '../../incidents/engine-settings.js';
import { createMemoryLogger } from '../../log/logger.js';
import { DEFAULT_TIMEOUTS } from '../../probe/probe-options.js';
import { createSoleLease } from '../../store/lease-keeper.js';
import { readBatches } from '../../store/read-batches.js';
import { buildBatch, buildRound, useTempStores } from '../../store/store-test-fixtures.test-helper.js';
import { createStoreWriter } from '../../store/store-writer.js';
import { writeBatches } from '../../store/write-batches.js';
import { createFakeWatchClock } from '../../watch/fake-watch-clock.test-helper.js';
import type { WatchPlan } from '../../watch/plan-watch.js';
import { createIncidentRunner } from '../alerting/incident-runner.js';
import { createMaintenanceService } from '../alerting/maintenance-service.js';
import { hashToken } from '../auth/token-hash.js';
import { registerWatchRoutes } from '../build-watch-server.js';
import { createStoreIncidentFeed } from '../incidents/store-incident-feed.js';
import { createWatchMetrics } from '../metrics/watch-metrics.js';
import type { DaemonView } from './daemon-view.js';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const READ = 'fdt_read_0123456789abcdefghijklmnopqrstuvwxyzABCD';
const WRITE = 'fdt_write_0123456789abcdefghijklmnopqrstuvwxyzABC';
const as = (token: string) => ({ authorization: `Bearer ${token}` });

describe('the incidents, deliveries and maintenance routes', () => {
  const openStore = useTempStores();
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  /** A server over a real store, the real engine runner and maintenance service, on a clock that waits. */
  async function setUp() {
    const { store } = await openStore();
    const clock = createFakeWatchClock(NOW);
    const settings = buildEngineSettings();
    settings.policies.page = { ...DEFAULT_POLICIES.page, channels: ['hook'] };
    const runner = createIncidentRunner({
      store,
      settings: () => settings,
      now: clock.now,
      logger: createMemoryLogger(),
    });
    await runner.start();
    const swept: string[] = [];
    const maintenance = createMaintenanceService({
      store,
      runner,
      clock,
      logger: createMemoryLogger(),
      configured: () => [],
      sweep: (window) => {
        swept.push(window.id);
        return 0;
      },
    });
    await maintenance.start();
    const config = {
      source: '/etc/frontdoor.yaml',
      origins: { web1: { name: 'web1', host: '127.0.0.1' } },
      sites: {},
      environments: {},
    } as unknown as FrontdoorConfig;
    const plan: WatchPlan = {
      config,
      settings: { ...WATCH_DEFAULTS, retention: { ...WATCH_DEFAULTS.retention } },
      targets: [],
      probe: { timeouts: DEFAULT_TIMEOUTS, maxBodyBytes: 1024, follow: 0, tls: {} as never },
    };
    const writer = createStoreWriter({
      store,
      logger: createMemoryLogger(),
      now: clock.now,
      maxQueuedRounds: 10,
    });
    const view: DaemonView = {
      version: '9.9.9',
      startedAtMs: NOW,
      now: clock.now,
      watch: {
        status: () => {
          throw new Error('not in this test');
        },
        latest: () => new Map(),
        plan: () => plan,
        findings: () => [],
      },
      store,
      writer,
      lease: createSoleLease('engine', 'test'),
      tokens: () => [
        { name: 'grafana', scope: 'read', hash: hashToken(READ) },
        { name: 'ops', scope: 'write', hash: hashToken(WRITE) },
      ],
      maintenance,
      incidents: createStoreIncidentFeed({ store, now: clock.now }),
    };
    const app = Fastify();
    apps.push(app);
    const registry = new Registry();
    createWatchMetrics(registry, { defaultMetrics: false });
    await registerWatchRoutes(app, {
      view,
      registry,
      listen: { host: '127.0.0.1', port: 9470 },
      modules: () => ({}),
    });
    await app.ready();
    /** a.test via web1 refusing twice, as confirmation rounds: one incident opens */
    const fail = async () => {
      const batches = [0, 30_000].map((offset) =>
        buildBatch(NOW + offset, [
          buildRound('a.test', 'web1', 'connect_refused', NOW + offset, { reason: 'confirmation' }),
        ]),
      );
      await writeBatches(store, { batches });
      for (const stored of await readBatches(store, { afterId: 0, limit: 10 }))
        await runner.consumeBatch(stored);
    };
    return { app, fail, swept, clock };
  }

  it('starts, lists and ends an ad hoc window with a write token, and refuses what is not one', async () => {
    const { app, swept } = await setUp();
    const post = (token: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/maintenance',
        headers: as(token),
        payload: payload as object,
      });
    expect((await post(READ, { origins: ['web1'], for: '1h' })).statusCode).toBe(403);
    const missing = await post(WRITE, { origins: ['web1'] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/'for' is required/);
    const unknown = await post(WRITE, { origins: ['web9'], for: '1h' });
    expect(unknown.json().message).toBe("not in the configuration: origin 'web9'");
    expect((await post(WRITE, { for: '1h' })).json().message).toMatch(/needs a scope/);

    const created = await post(WRITE, { origins: ['web1'], for: '9h', reason: 'kernel' });
    expect(created.statusCode).toBe(201);
    const { window, capped } = created.json();
    expect(capped).toBe(true);
    expect(window).toMatchObject({
      name: 'origin web1',
      reason: 'kernel',
      startedBy: 'token:ops',
      endedAt: null,
    });
    expect(Date.parse(window.endsAt) - Date.parse(window.startsAt)).toBe(4 * 3_600_000);

    const listed = await app.inject({ url: '/api/v1/maintenance?state=active', headers: as(READ) });
    expect(listed.json().windows.map((w: { id: string }) => w.id)).toEqual([window.id]);
    const del = (id: string) =>
      app.inject({ method: 'DELETE', url: `/api/v1/maintenance/${id}`, headers: as(WRITE) });
    const ended = await del(window.id);
    expect(ended.statusCode).toBe(200);
    expect(ended.json().window).toMatchObject({ id: window.id, endedBy: 'token:ops' });
    expect(swept).toEqual([window.id]);
    expect((await del(window.id)).statusCode).toBe(409);
    expect((await del('m-nope')).statusCode).toBe(404);
  });

  it('lists incidents by state from the store and shows one with its transitions, targets and notifications', async () => {
    const { app, fail } = await setUp();
    expect((await app.inject({ url: '/api/v1/incidents?state=closed', headers: as(READ) })).statusCode).toBe(
      400,
    );
    expect((await app.inject({ url: '/api/v1/incidents/nope', headers: as(READ) })).statusCode).toBe(404);
    await fail();
    const open = (await app.inject({ url: '/api/v1/incidents?state=open', headers: as(READ) })).json();
    expect(open.incidents).toHaveLength(1);
    expect(
      (await app.inject({ url: '/api/v1/incidents?state=resolved', headers: as(READ) })).json().incidents,
    ).toEqual([]);
    const [summary] = open.incidents;
    const detail = (await app.inject({ url: `/api/v1/incidents/${summary.id}`, headers: as(READ) })).json();
    expect(detail.transitions.map((t: { kind: string }) => t.kind)).toEqual(['opened']);
    expect(detail.targets.map((target: { id: string }) => target.id)).toEqual(['shop:a.test/health@web1']);
    expect(detail.notifications).toEqual([
      expect.objectContaining({
        key: `${summary.id}#1`,
        kind: 'opened',
        channels: ['hook'],
        deliveries: [expect.objectContaining({ channel: 'hook', outcome: 'pending' })],
      }),
    ]);
    const deliveries = (
      await app.inject({ url: '/api/v1/deliveries?state=pending', headers: as(READ) })
    ).json();
    expect(deliveries.deliveries.map((row: { id: string }) => row.id)).toEqual([`${summary.id}#1/hook`]);
    expect(
      (await app.inject({ url: '/api/v1/deliveries?state=dead', headers: as(READ) })).json().deliveries,
    ).toEqual([]);
    expect((await app.inject({ url: '/api/v1/deliveries', headers: {} })).statusCode).toBe(401);
  });
});
