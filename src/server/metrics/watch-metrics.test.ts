import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { TargetResult } from '../../diagnose/target-result.js';
import type { Verdict } from '../../diagnose/verdict.js';
import { VERDICT_LAYER } from '../../diagnose/verdict.js';
import { apiAuth } from '../auth/auth-hook.js';
import { metricsRoute } from './metrics-route.js';
import { createWatchMetrics } from './watch-metrics.js';

function result(
  overrides: { [K in keyof TargetResult]?: TargetResult[K] | undefined } & { verdict?: Verdict } = {},
): TargetResult {
  const verdict = overrides.verdict ?? 'ok';
  const built = {
    id: 'shop:shop.example.com/health?deep=1@web1',
    target: 'shop.example.com via web1',
    url: 'https://shop.example.com/health?deep=1',
    connectTo: '10.0.0.11:443',
    verdict,
    layer: VERDICT_LAYER[verdict],
    summary: 'web1 answered "secret customer page" in 4 ms',
    evidence: [],
    status: 200,
    timings: { dns: 0.4, connect: 0.3, tls: 2.1, ttfb: 1.2, transfer: 0.1, total: 4.3 },
    hostname: 'shop.example.com',
    via: 'web1',
    site: 'shop',
    origin: 'web1',
    environment: 'production',
    ...overrides,
  };
  // An override of undefined removes the field, as a result without an origin has none.
  return Object.fromEntries(
    Object.entries(built).filter(([, value]) => value !== undefined),
  ) as unknown as TargetResult;
}

const LABELS =
  'site="shop",hostname="shop.example.com",origin="web1",environment="production",location="ams"';

function linesOf(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('createWatchMetrics', () => {
  it('exposes a target as up with its one verdict series, labelled by site, hostname, origin, environment and location', async () => {
    const metrics = createWatchMetrics(new Registry(), { location: 'ams', defaultMetrics: false });
    metrics.recordResult(result());
    const text = await metrics.registry.metrics();
    expect(linesOf(text, 'frontdoor_target_up')).toEqual([`frontdoor_target_up{${LABELS}} 1`]);
    expect(linesOf(text, 'frontdoor_target_verdict')).toEqual([
      `frontdoor_target_verdict{${LABELS},verdict="ok",layer="-"} 1`,
    ]);
    expect(linesOf(text, 'frontdoor_target_duration_seconds')).toEqual([
      `frontdoor_target_duration_seconds{${LABELS}} 0.0043`,
    ]);
    expect(text).toContain('# TYPE frontdoor_phase_seconds histogram');
    expect(text).toContain('frontdoor_phase_seconds_count{phase="tls"} 1');
    expect(text).toContain('frontdoor_phase_seconds_bucket{le="0.0025",phase="tls"} 1');
    expect(text).toContain('frontdoor_phase_seconds_bucket{le="0.001",phase="tls"} 0');
  });

  it('never puts a URL, the id (it carries the query) or the summary into a label', async () => {
    const metrics = createWatchMetrics(new Registry(), { location: 'ams', defaultMetrics: false });
    metrics.recordResult(result({ verdict: 'app_error' }));
    const text = await metrics.registry.metrics();
    expect(text).not.toContain('deep=1');
    expect(text).not.toContain('secret customer page');
    expect(text).not.toContain('https://');
  });

  it('moves the verdict series when the verdict changes, leaving no old series at 1', async () => {
    const metrics = createWatchMetrics(new Registry(), { location: 'ams', defaultMetrics: false });
    metrics.recordResult(result());
    metrics.recordResult(result({ verdict: 'proxy_upstream_unavailable', status: 502 }));
    let text = await metrics.registry.metrics();
    expect(linesOf(text, 'frontdoor_target_verdict')).toEqual([
      `frontdoor_target_verdict{${LABELS},verdict="proxy_upstream_unavailable",layer="proxy"} 1`,
    ]);
    expect(linesOf(text, 'frontdoor_target_up')).toEqual([`frontdoor_target_up{${LABELS}} 0`]);
    metrics.recordResult(result({ verdict: 'slow' }));
    text = await metrics.registry.metrics();
    expect(linesOf(text, 'frontdoor_target_verdict')).toEqual([
      `frontdoor_target_verdict{${LABELS},verdict="slow",layer="content"} 1`,
    ]);
    // Slow still served visitors.
    expect(linesOf(text, 'frontdoor_target_up')).toEqual([`frontdoor_target_up{${LABELS}} 1`]);
  });

  it('keeps one verdict series while the verdict repeats, and the duration of the latest round', async () => {
    const metrics = createWatchMetrics(new Registry(), { location: 'ams', defaultMetrics: false });
    metrics.recordResult(result({ verdict: 'proxy_upstream_unavailable', status: 502 }));
    for (const total of [5, 6, 7]) {
      metrics.recordResult(result({ timings: { connect: 0.3, tls: 2.1, ttfb: 1.2, transfer: 0.1, total } }));
    }
    const text = await metrics.registry.metrics();
    expect(linesOf(text, 'frontdoor_target_verdict')).toEqual([
      `frontdoor_target_verdict{${LABELS},verdict="ok",layer="-"} 1`,
    ]);
    expect(linesOf(text, 'frontdoor_target_up')).toEqual([`frontdoor_target_up{${LABELS}} 1`]);
    expect(linesOf(text, 'frontdoor_target_duration_seconds')).toEqual([
      `frontdoor_target_duration_seconds{${LABELS}} 0.007`,
    ]);
    // forgotten, then seen again with the same verdict: every series comes back
    metrics.removeTarget(result().id);
    metrics.recordResult(result());
    const again = await metrics.registry.metrics();
    expect(linesOf(again, 'frontdoor_target_verdict')).toHaveLength(1);
    expect(linesOf(again, 'frontdoor_target_up')).toEqual([`frontdoor_target_up{${LABELS}} 1`]);
  });

  it('moves every series when a reload changes a target label (its environment)', async () => {
    const metrics = createWatchMetrics(new Registry(), { location: 'ams', defaultMetrics: false });
    metrics.recordResult(result());
    metrics.recordResult(result({ environment: 'acceptance' }));
    const text = await metrics.registry.metrics();
    expect(text).not.toContain('environment="production"');
    expect(linesOf(text, 'frontdoor_target_up')).toHaveLength(1);
  });

  it('forgets removed targets, and only those', async () => {
    const metrics = createWatchMetrics(new Registry(), { location: 'ams', defaultMetrics: false });
    metrics.recordResult(result());
    metrics.recordResult(result({ id: 'shop:shop.example.com/health@edge', via: 'edge', origin: undefined }));
    metrics.recordResult(
      result({ id: 'blog:blog.example.com/@edge', site: 'blog', hostname: 'blog.example.com', via: 'edge' }),
    );
    expect(metrics.retainTargets(['shop:shop.example.com/health@edge'])).toEqual([
      'shop:shop.example.com/health?deep=1@web1',
      'blog:blog.example.com/@edge',
    ]);
    let text = await metrics.registry.metrics();
    expect(linesOf(text, 'frontdoor_target_up')).toEqual([
      'frontdoor_target_up{site="shop",hostname="shop.example.com",origin="edge",environment="production",location="ams"} 1',
    ]);
    metrics.removeTarget('shop:shop.example.com/health@edge');
    text = await metrics.registry.metrics();
    expect(linesOf(text, 'frontdoor_target_up')).toEqual([]);
    expect(linesOf(text, 'frontdoor_target_verdict')).toEqual([]);
    expect(linesOf(text, 'frontdoor_target_duration_seconds')).toEqual([]);
  });

  it('counts incidents, notifications, the outbox and scheduler lag', async () => {
    const metrics = createWatchMetrics(new Registry(), { defaultMetrics: false });
    metrics.setIncidentsOpen({ production: 2, acceptance: 1 });
    metrics.setIncidentsOpen({ production: 1 });
    metrics.countNotification('oncall', 'sent');
    metrics.countNotification('oncall', 'sent');
    metrics.countNotification('ops', 'dead_lettered');
    metrics.setOutboxPending(3);
    metrics.setSchedulerLag(0.25);
    const text = await metrics.registry.metrics();
    expect(linesOf(text, 'frontdoor_incidents_open')).toEqual([
      'frontdoor_incidents_open{environment="production"} 1',
    ]);
    expect(linesOf(text, 'frontdoor_notifications_total')).toEqual([
      'frontdoor_notifications_total{channel="oncall",result="sent"} 2',
      'frontdoor_notifications_total{channel="ops",result="dead_lettered"} 1',
    ]);
    expect(linesOf(text, 'frontdoor_outbox_pending')).toEqual(['frontdoor_outbox_pending 3']);
    expect(linesOf(text, 'frontdoor_scheduler_lag_seconds')).toEqual([
      'frontdoor_scheduler_lag_seconds 0.25',
    ]);
  });

  it('labels location "local" when the node has no name, and adds the process metrics by default', async () => {
    const metrics = createWatchMetrics(new Registry());
    metrics.recordResult(result());
    const text = await metrics.registry.metrics();
    expect(text).toContain('location="local"');
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('metricsRoute', () => {
  it('serves the registry in the text format behind the read scope', async () => {
    const metrics = createWatchMetrics(new Registry(), { location: 'ams', defaultMetrics: false });
    metrics.recordResult(result());
    const app = Fastify();
    await app.register(apiAuth, { tokens: [], listen: { host: '127.0.0.1' } });
    await app.register(metricsRoute, { registry: metrics.registry });
    const local = await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
    const remote = await app.inject({ url: '/metrics', remoteAddress: '192.0.2.1' });
    await app.close();
    expect(local.statusCode).toBe(200);
    expect(local.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(local.body).toContain(`frontdoor_target_up{${LABELS}} 1`);
    expect(remote.statusCode).toBe(401);
  });
});
