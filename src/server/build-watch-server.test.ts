import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { FrontdoorConfig } from '../config/config-types.js';
import { WATCH_DEFAULTS } from '../config/watch-schema.js';
import { buildTarget } from '../diagnose/fixtures/build-target.js';
import { hostEventSchema } from '../incidents/host-event.js';
import type { TargetRound } from '../incidents/round.js';
import { createMemoryLogger } from '../log/logger.js';
import { DEFAULT_TIMEOUTS } from '../probe/probe-options.js';
import { createSoleLease } from '../store/lease-keeper.js';
import { buildBatch, buildRound, useTempStores } from '../store/store-test-fixtures.test-helper.js';
import { createStoreWriter } from '../store/store-writer.js';
import { storeHostEvents } from '../store/write-events.js';
import type { WatchStatus } from '../watch/create-watch.js';
import type { WatchPlan } from '../watch/plan-watch.js';
import type { DaemonView } from './api/daemon-view.js';
import { buildOpenApiDocument } from './api/openapi-document.js';
import { registerWatchRoutes } from './build-watch-server.js';
import { CONTENT_SECURITY_POLICY } from './dashboard/content-security-policy.js';
import { createStoreIncidentFeed } from './incidents/store-incident-feed.js';
import { createWatchMetrics } from './metrics/watch-metrics.js';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

const STATUS: WatchStatus = {
  location: 'local',
  running: true,
  targets: 1,
  inFlight: 0,
  waiting: 0,
  rounds: 3,
  missedRounds: 0,
  lag: { samples: 3, p50Ms: 1, p99Ms: 2, maxMs: 2 },
  waitingLagMs: 0,
  onTime: true,
};

describe('the watch server', () => {
  const openStore = useTempStores();
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  /** A server over a real store holding three rounds of a.test via web1, and a watch that reports `status`. */
  async function setUp(status: WatchStatus = STATUS) {
    const { store, path } = await openStore();
    const target = buildTarget({ hostname: 'a.test', origin: 'web1' });
    const rounds = [0, 1, 2].map((i) => {
      const round = buildRound('a.test', 'web1', i === 2 ? 'app_error' : 'ok', NOW - (3 - i) * 60_000);
      round.result.id = target.id;
      return round;
    });
    const writer = createStoreWriter({
      store,
      logger: createMemoryLogger(),
      now: Date.now,
      maxQueuedRounds: 100,
    });
    writer.setTargets([target], NOW - 600_000);
    for (const round of rounds) writer.enqueue(buildBatch(Date.parse(round.at) + 500, [round]));
    expect(await writer.flush(Date.now() + 5_000)).toBe(true);
    const plan: WatchPlan = {
      config: { source: '/etc/frontdoor.yaml' } as FrontdoorConfig,
      settings: { ...WATCH_DEFAULTS, retention: { ...WATCH_DEFAULTS.retention } },
      targets: [{ id: target.id, intervalMs: 30_000, origin: 'web1', target }],
      probe: { timeouts: DEFAULT_TIMEOUTS, maxBodyBytes: 1024, follow: 0, tls: {} as never },
    };
    const latest = new Map<string, TargetRound>([[target.id, rounds[2] as TargetRound]]);
    const view: DaemonView = {
      version: '9.9.9',
      startedAtMs: NOW - 3_600_000,
      now: () => NOW,
      watch: { status: () => status, latest: () => latest, plan: () => plan, findings: () => [] },
      store,
      writer,
      lease: createSoleLease('engine', 'local/box/1'),
      tokens: () => [],
      incidents: createStoreIncidentFeed({ store, now: () => NOW }),
      maintenance: {
        open: async () => {
          throw new Error('not in this test');
        },
        end: async () => 'unknown',
      },
    };
    const routes: Array<{ method: string; url: string }> = [];
    const app = Fastify();
    apps.push(app);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
    const registry = new Registry();
    createWatchMetrics(registry, { defaultMetrics: false });
    await registerWatchRoutes(app, {
      view,
      registry,
      listen: { host: '127.0.0.1', port: 9470 },
      modules: () => ({}),
    });
    await app.ready();
    return { app, routes, target, path, writer, store };
  }

  it('documents every route it serves in its OpenAPI document, and serves every documented one', async () => {
    const { app, routes } = await setUp();
    // fastify answers HEAD for every GET by itself; every other method is a route of ours
    const served = routes
      .filter((route) => route.method !== 'HEAD')
      .map((route) => `${route.method} ${route.url.replaceAll(/:(\w+)/g, '{$1}')}`)
      .sort();
    const document = (await app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths as Record<string, object>)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(served);
    expect(served).toEqual(
      expect.arrayContaining(['POST /api/v1/maintenance', 'DELETE /api/v1/maintenance/{id}']),
    );
    expect(served).toContain('POST /api/v1/events');
    expect(served).toContain('POST /api/v1/deploys');
    expect(buildOpenApiDocument('9.9.9').info.version).toBe('9.9.9');
  });

  it('lists targets with their latest round and reports status', async () => {
    const { app, target } = await setUp();
    const targets = (await app.inject({ url: '/api/v1/targets', remoteAddress: '127.0.0.1' })).json();
    expect(targets.targets).toEqual([
      expect.objectContaining({
        id: target.id,
        origin: 'web1',
        latest: expect.objectContaining({ verdict: 'app_error' }),
      }),
    ]);
    const status = (await app.inject({ url: '/api/v1/status', remoteAddress: '127.0.0.1' })).json();
    expect(status).toMatchObject({
      version: '9.9.9',
      verdicts: { app_error: 1 },
      store: { degraded: false },
      lease: { name: 'engine', owner: 'local/box/1', held: false, epoch: 1 },
    });
  });

  it('answers history for a URL-encoded id, raw for an hour and rollups for a week', async () => {
    const { app, target } = await setUp();
    const base = `/api/v1/targets/${encodeURIComponent(target.id)}/history`;
    const raw = await app.inject({ url: `${base}?since=1h`, remoteAddress: '127.0.0.1' });
    expect(raw.statusCode).toBe(200);
    expect(raw.json()).toMatchObject({ targetId: target.id, resolution: 'raw', truncated: false });
    expect(raw.json().points.map((point: { verdict: string }) => point.verdict)).toEqual([
      'ok',
      'ok',
      'app_error',
    ]);
    const week = await app.inject({ url: `${base}?since=7d&until=${NOW}`, remoteAddress: '127.0.0.1' });
    expect(week.json()).toMatchObject({ resolution: 'minute' });
    expect(week.json().points).toHaveLength(3);
    const month = await app.inject({ url: `${base}?since=2026-10-01T00:00:00Z`, remoteAddress: '127.0.0.1' });
    expect(month.json()).toMatchObject({
      resolution: 'hour',
      points: [{ rounds: 3, verdicts: { ok: 2, app_error: 1 } }],
    });
  });

  it('refuses a bad range and an unknown target', async () => {
    const { app, target } = await setUp();
    const base = `/api/v1/targets/${encodeURIComponent(target.id)}/history`;
    const bad = await app.inject({ url: `${base}?since=yesterday`, remoteAddress: '127.0.0.1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("since: 'yesterday'");
    const backwards = await app.inject({ url: `${base}?since=1h&until=2h`, remoteAddress: '127.0.0.1' });
    expect(backwards.statusCode).toBe(400);
    const unknown = await app.inject({ url: '/api/v1/targets/nope%2Fx/history', remoteAddress: '127.0.0.1' });
    expect(unknown.statusCode).toBe(404);
  });

  it('says ready, and not ready while another connection holds the store locked and rounds wait', async () => {
    const { app, path, writer } = await setUp();
    expect((await app.inject({ url: '/readyz' })).json()).toMatchObject({ ready: true });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      writer.enqueue(buildBatch(NOW, [buildRound('a.test', 'web1', 'ok', NOW)]));
      await writer.flush(Date.now() + 50);
      const readyz = await app.inject({ url: '/readyz' });
      expect(readyz.statusCode).toBe(503);
      expect(readyz.json().checks.store.detail).toMatch(/^degraded: SQLITE_BUSY.*1 rounds wait in memory/);
      expect(readyz.json().checks.scheduler.ok).toBe(true);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await writer.flush(Date.now() + 5_000);
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('says not ready when the scheduler is behind', async () => {
    const { app } = await setUp({ ...STATUS, onTime: false, waitingLagMs: 4_200 });
    const readyz = await app.inject({ url: '/readyz' });
    expect(readyz.statusCode).toBe(503);
    expect(readyz.json().checks.scheduler.detail).toBe('behind: a due round has waited 4200 ms');
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });

  it('shows on /changes an agent’s drift that no incident carries, with its diff, and filters by origin', async () => {
    const { app, store } = await setUp();
    const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();
    const drift = hostEventSchema.parse({
      type: 'config_drift_appeared',
      origin: 'web1',
      sequence: 7,
      observedAt: at(30),
      config: '/etc/nginx/nginx.conf',
      sha256: '9b1d4c',
      baseline: { sha256: '5f1c0a', acceptedAt: '2026-11-02T10:15:00.000Z' },
      changed: ['/etc/nginx/conf.d/shop.conf'],
      added: [],
      removed: [],
      diff: '--- a/etc/nginx/conf.d/shop.conf\n+++ b/etc/nginx/conf.d/shop.conf\n-gzip on;\n+gzip <off>;\n',
      diffTruncated: false,
    });
    const restart = hostEventSchema.parse({
      type: 'service_restarted',
      origin: 'web2',
      sequence: 3,
      observedAt: at(10),
      service: 'nginx',
      previous: { pid: 100, startedAt: at(600) },
      current: { pid: 200, startedAt: at(11) },
    });
    await storeHostEvents(store, [drift], { receivedAtMs: NOW - 29 * 60_000, source: 'web1-agent' });
    await storeHostEvents(store, [restart], { receivedAtMs: NOW - 9 * 60_000, source: 'web2-agent' });
    // An incident on web2 carries the restart; nothing carries the drift.
    await store.exclusive((db) =>
      db
        .insertInto('incidents')
        .values({
          id: 'inc-web2',
          policy: 'default',
          cause_key: 'origin:web2',
          cause_code: 'origin_down',
          title: 'web2 refuses connections',
          status: 'open',
          opened_at_ms: NOW - 5 * 60_000,
          resolved_at_ms: null,
          updated_at_ms: NOW - 5 * 60_000,
          environments: '[]',
          transitions: 1,
          message: '{}',
          record: JSON.stringify({ changes: [{ key: 'host:web2#3' }] }),
        })
        .execute(),
    );
    const get = (url: string) => app.inject({ url, remoteAddress: '127.0.0.1' });

    const all = await get('/changes');
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(all.body).toContain('<a href="/changes">changes</a>');
    const rows = [...all.body.matchAll(/<tr data-kind="([a-z_]+)">/g)].map((match) => match[1]);
    expect(rows).toEqual(['service_restarted', 'config_drift_appeared']);
    expect(all.body).toContain('/etc/nginx/nginx.conf drifted from the baseline');
    expect(all.body).toContain('<pre class="evidence">--- a/etc/nginx/conf.d/shop.conf');
    expect(all.body).toContain('+gzip &lt;off&gt;;');
    expect(all.body).toContain('<a href="/incidents/inc-web2">web2 refuses connections</a>');

    const web1 = await get('/changes?origin=web1');
    expect([...web1.body.matchAll(/<tr data-kind="([a-z_]+)">/g)].map((match) => match[1])).toEqual([
      'config_drift_appeared',
    ]);
    expect(web1.body).toContain('<option value="web1" selected>web1</option>');
    expect(web1.body).not.toContain('inc-web2');
    // The range and the origin filter go together.
    expect((await get('/changes?origin=web1&since=2h')).body).toContain('config_drift_appeared');
    expect((await get('/changes?origin=web3')).body).toContain('No changes on web3 in the last 24h.');
  });
});
