import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeModule } from '../../config/probe-module.js';
import { buildObservation } from '../../diagnose/fixtures/build-observation.js';
import { FrontdoorError } from '../../errors.js';
import type { ProbeObservation, ProbeRequest } from '../../probe/observation.js';
import type { ProbeOptions } from '../../probe/probe-options.js';
import { apiAuth } from '../auth/auth-hook.js';
import { moduleFrom } from './module-fixture.test-helper.js';
import { probeRoutes } from './probe-routes.js';

interface Recorded {
  request: ProbeRequest;
  options: ProbeOptions;
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A server whose probe layer answers from a recording and remembers what it was asked. */
async function serve(
  modules: Record<string, ProbeModule>,
  answer: (request: ProbeRequest) => ProbeObservation | Promise<ProbeObservation> = (request) =>
    buildObservation({ url: request.url, status: 200, body: 'ok' }),
) {
  const calls: Recorded[] = [];
  app = Fastify();
  await app.register(apiAuth, { tokens: [], listen: { host: '127.0.0.1' } });
  await app.register(probeRoutes, {
    modules: () => modules,
    now: () => Date.parse('2026-12-01T10:00:00Z'),
    probe: async (request, options) => {
      calls.push({ request, options });
      return answer(request);
    },
  });
  const get = (url: string, headers: Record<string, string> = {}) =>
    (app as FastifyInstance).inject({ url, headers, remoteAddress: '127.0.0.1' });
  return { get, calls };
}

const MODULES = { http_2xx: moduleFrom(), short: moduleFrom('', '    timeout: 2s\n') };

describe('GET /probe', () => {
  it("answers in Prometheus's text format with probe_success and the verdict", async () => {
    const { get, calls } = await serve(MODULES);
    const response = await get('/probe?target=https://shop.example.com/health');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('\nprobe_success 1\n');
    expect(response.body).toContain('frontdoor_verdict{verdict="ok",layer="-"} 1');
    expect(calls[0]?.request.url).toBe('https://shop.example.com/health');
  });

  it('uses http_2xx without module=, and refuses an unknown module with 400 as blackbox does', async () => {
    const { get } = await serve({ short: moduleFrom() });
    const response = await get('/probe?target=a.test');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toBe('Unknown module "http_2xx"\n');
  });

  it('refuses a missing target with 400', async () => {
    const { get } = await serve(MODULES);
    const response = await get('/probe?module=http_2xx');
    expect([response.statusCode, response.body]).toEqual([400, 'Target parameter is missing\n']);
  });

  it('answers a target that is not a URL with probe_success 0 and probes nothing', async () => {
    const { get, calls } = await serve(MODULES);
    const response = await get(`/probe?target=${encodeURIComponent('http://[::1')}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('\nprobe_success 0\n');
    expect(response.body).not.toContain('frontdoor_verdict');
    expect(calls).toEqual([]);
  });

  it("bounds every phase by Prometheus's scrape timeout less the offset, or the module's when shorter", async () => {
    const { get, calls } = await serve(MODULES);
    await get('/probe?target=a.test', { 'x-prometheus-scrape-timeout-seconds': '10' });
    await get('/probe?target=a.test&module=short', { 'x-prometheus-scrape-timeout-seconds': '10' });
    await get('/probe?target=a.test');
    expect(calls.map((call) => call.options.timeouts)).toEqual([
      { dnsMs: 9500, connectMs: 9500, tlsMs: 9500, responseMs: 9500, bodyMs: 9500, totalMs: 9500 },
      { dnsMs: 2000, connectMs: 2000, tlsMs: 2000, responseMs: 2000, bodyMs: 2000, totalMs: 2000 },
      {
        dnsMs: 119_500,
        connectMs: 119_500,
        tlsMs: 119_500,
        responseMs: 119_500,
        bodyMs: 119_500,
        totalMs: 119_500,
      },
    ]);
    expect(calls[0]?.options).toMatchObject({ follow: 10, recordChain: true });
  });

  it('answers an unreadable scrape-timeout header with 500', async () => {
    const { get } = await serve(MODULES);
    const response = await get('/probe?target=a.test', { 'x-prometheus-scrape-timeout-seconds': 'soon' });
    expect([response.statusCode, response.body]).toEqual([
      500,
      "Failed to parse timeout from Prometheus header: 'soon' is not a number of seconds\n",
    ]);
  });

  it('takes hostname= as Host and SNI, and refuses one the module contradicts', async () => {
    const { get, calls } = await serve({ ...MODULES, vhost: moduleFrom('headers: { Host: a.example }') });
    await get('/probe?target=https://127.0.0.5:8443/&hostname=shop.test');
    expect(calls[0]?.request).toMatchObject({
      url: 'https://127.0.0.5:8443/',
      serverName: 'shop.test',
      hostHeader: 'shop.test',
    });
    const response = await get('/probe?target=https://127.0.0.5/&module=vhost&hostname=b.example');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      "host header defined both in module configuration (a.example) and with URL-parameter 'hostname' (b.example)",
    );
  });

  it('shows the log, the metrics and the module with debug=true, secrets hidden', async () => {
    const { get } = await serve(
      { http_2xx: moduleFrom('headers: { Authorization: Bearer hunter2 }\nvalid_status_codes: [200]') },
      (request) =>
        buildObservation({
          url: request.url,
          status: 502,
          statusText: 'Bad Gateway',
          headers: { server: 'nginx' },
        }),
    );
    const response = await get('/probe?target=https://shop.example.com/&debug=true');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    const [logs = '', metrics = '', module = ''] = response.body.split('\n\n\n\n');
    expect(logs.split('\n')[0]).toBe('Logs for the probe:');
    expect(logs).toContain(
      'ts=2026-12-01T10:00:00.000Z module=http_2xx target=https://shop.example.com/ level=info msg="Beginning probe" probe=http timeout_seconds=119.5',
    );
    expect(logs).toContain('msg="Received HTTP response" status_code=502');
    expect(logs).toContain('verdict=proxy_upstream_unavailable layer=proxy');
    expect(logs).toContain('msg="Probe failed"');
    expect(metrics.split('\n')[0]).toBe('Metrics that would have been returned:');
    expect(metrics).toContain('probe_http_status_code 502');
    expect(module).toContain('Module configuration:\nprober: http\nhttp:\n  valid_status_codes:\n    - 200');
    expect(module).toContain('Authorization: <secret>');
    expect(response.body).not.toContain('hunter2');
  });

  it('answers 503 when this machine cannot open a socket: no verdict on the target', async () => {
    const { get } = await serve(MODULES, () => {
      throw new FrontdoorError(
        'FD_ERR_LOCAL_RESOURCE',
        'cannot open a connection: EMFILE (too many open files)',
      );
    });
    const response = await get('/probe?target=a.test');
    expect([response.statusCode, response.body]).toEqual([
      503,
      'cannot open a connection: EMFILE (too many open files)\n',
    ]);
  });

  it('needs read access like every other read', async () => {
    await serve(MODULES);
    const response = await (app as FastifyInstance).inject({
      url: '/probe?target=a.test',
      remoteAddress: '192.0.2.7',
    });
    expect(response.statusCode).toBe(401);
  });

  it('follows a reload of the modules', async () => {
    let modules: Record<string, ProbeModule> = { http_2xx: moduleFrom() };
    app = Fastify();
    await app.register(apiAuth, { tokens: [], listen: { host: '127.0.0.1' } });
    await app.register(probeRoutes, {
      modules: () => modules,
      probe: async (request) => buildObservation({ url: request.url, status: 200 }),
    });
    const before = await app.inject({ url: '/probe?target=a.test&module=late', remoteAddress: '127.0.0.1' });
    modules = { ...modules, late: moduleFrom() };
    const after = await app.inject({ url: '/probe?target=a.test&module=late', remoteAddress: '127.0.0.1' });
    expect([before.statusCode, after.statusCode]).toEqual([400, 200]);
  });
});
