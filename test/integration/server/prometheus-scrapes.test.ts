import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';
import type { TargetResult } from '../../../src/diagnose/target-result.js';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { type PrometheusServer, startPrometheus } from '../../../src/lab/prometheus-server.js';
import { generateToken, hashToken } from '../../../src/server/auth/token-hash.js';
import { createWatchMetrics, type WatchMetrics } from '../../../src/server/metrics/watch-metrics.js';
import { requireTools } from '../lab/require-tools.js';
import { type ServedFrontdoor, serveFrontdoor } from './serve-frontdoor.js';

const tools = requireTools(['nginx', 'openssl', 'prometheus']);
const HOST = 'shop.frontdoor.test';

describe.skipIf(tools.skip)('a real Prometheus scraping frontdoor', () => {
  let ca: CertificateAuthority;
  let nginx: NginxServer | undefined;
  /** /probe with no tokens configured: reads are open on loopback, as for a first install */
  let open: ServedFrontdoor | undefined;
  /** /metrics with a read token configured */
  let frontdoor: ServedFrontdoor | undefined;
  let prometheus: PrometheusServer | undefined;
  let metrics: WatchMetrics;
  let targets: { healthy: string; broken: string; refused: string };
  const token = generateToken();

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    const address = allocateLoopbackAddress();
    const [httpsPort, deadPort] = [await findFreePort(address), await findFreePort(address)];
    const cert = await ca.issue({ names: [HOST] });
    nginx = await startNginx({
      httpBlock: `
        server {
          listen ${address}:${httpsPort} ssl;
          server_name ${HOST};
          ssl_certificate ${cert.certPath};
          ssl_certificate_key ${cert.keyPath};
          location = /health { return 200 "ok\\n"; }
          location = /broken { proxy_pass http://${address}:${deadPort}; }
        }`,
    });
    targets = {
      healthy: `https://${address}:${httpsPort}/health`,
      broken: `https://${address}:${httpsPort}/broken`,
      refused: `http://${address}:${deadPort}/`,
    };
    const config = parseConfig(
      JSON.stringify({
        modules: {
          http_2xx: { prober: 'http', http: { tls_config: { ca_file: ca.caCertPath, server_name: HOST } } },
        },
        api: { tokens: [{ name: 'prometheus', scope: 'read', hash: hashToken(token) }] },
      }),
      '/frontdoor.yaml',
      { reader: 'serve' },
    );
    metrics = createWatchMetrics(new Registry(), { location: 'ams' });
    open = await serveFrontdoor({ modules: config.modules ?? {} });
    frontdoor = await serveFrontdoor({ registry: metrics.registry, tokens: config.api?.tokens ?? [] });
    const authorization = { type: 'Bearer', credentials: token };
    prometheus = await startPrometheus({
      scrapeInterval: '2s',
      scrapeConfigs: [
        // blackbox_exporter's README scrape configuration, unchanged but for the exporter's address.
        {
          job_name: 'blackbox',
          metrics_path: '/probe',
          params: { module: ['http_2xx'] },
          static_configs: [{ targets: [targets.healthy, targets.broken, targets.refused] }],
          relabel_configs: [
            { source_labels: ['__address__'], target_label: '__param_target' },
            { source_labels: ['__param_target'], target_label: 'instance' },
            { target_label: '__address__', replacement: open.hostPort },
          ],
        },
        { job_name: 'frontdoor', authorization, static_configs: [{ targets: [frontdoor.hostPort] }] },
        // Without the token: refused, so this job's up stays 0.
        { job_name: 'anonymous', static_configs: [{ targets: [frontdoor.hostPort] }] },
      ],
    });
  });
  afterAll(async () => {
    await prometheus?.stop();
    await frontdoor?.app.close();
    await open?.app.close();
    await nginx?.stop();
    await ca?.dispose();
  });

  function byInstance(
    samples: Array<{ metric: Record<string, string>; value: number }>,
  ): Record<string, number> {
    return Object.fromEntries(samples.map((sample) => [sample.metric.instance ?? '', sample.value]));
  }

  it("gets probe_success for the lab's targets through blackbox's own scrape configuration", async () => {
    const server = prometheus as PrometheusServer;
    const success = await server.waitFor('probe_success{job="blackbox"}', {
      accept: (samples) => samples.length === 3,
    });
    expect(byInstance(success)).toEqual({ [targets.healthy]: 1, [targets.broken]: 0, [targets.refused]: 0 });
    const verdicts = await server.query('frontdoor_verdict{job="blackbox"} == 1');
    expect(
      Object.fromEntries(verdicts.map((sample) => [sample.metric.instance, sample.metric.verdict])),
    ).toEqual({
      [targets.healthy]: 'ok',
      [targets.broken]: 'proxy_upstream_unavailable',
      [targets.refused]: 'connect_refused',
    });
    const status = await server.query('probe_http_status_code{job="blackbox"}');
    expect(byInstance(status)).toEqual({
      [targets.healthy]: 200,
      [targets.broken]: 502,
      [targets.refused]: 0,
    });
    expect(await server.query('probe_ssl_earliest_cert_expiry{job="blackbox"} > time()')).toHaveLength(2);
  });

  it('scrapes /metrics as the watch sets them, dropping a verdict as it changes, and refuses a scrape without the token', async () => {
    const server = prometheus as PrometheusServer;
    const result: TargetResult = {
      id: 'shop:shop.frontdoor.test/health@web1',
      target: 'shop.frontdoor.test via web1',
      url: targets.healthy,
      connectTo: null,
      verdict: 'ok',
      layer: '-',
      summary: 'ok',
      evidence: [],
      status: 200,
      timings: { connect: 0.3, tls: 2, ttfb: 1, transfer: 0.1, total: 3.4 },
      hostname: HOST,
      via: 'web1',
      site: 'shop',
      origin: 'web1',
      environment: 'production',
    };
    metrics.recordResult(result);
    const up = await server.waitFor('frontdoor_target_up{job="frontdoor"}');
    expect(up).toEqual([
      {
        metric: {
          __name__: 'frontdoor_target_up',
          job: 'frontdoor',
          instance: (frontdoor as ServedFrontdoor).hostPort,
          site: 'shop',
          hostname: HOST,
          origin: 'web1',
          environment: 'production',
          location: 'ams',
        },
        value: 1,
      },
    ]);
    metrics.recordResult({ ...result, verdict: 'proxy_upstream_unavailable', layer: 'proxy', status: 502 });
    const verdict = await server.waitFor('frontdoor_target_verdict{job="frontdoor"}', {
      accept: (samples) =>
        samples.length === 1 && samples[0]?.metric.verdict === 'proxy_upstream_unavailable',
    });
    expect(verdict[0]?.value).toBe(1);
    expect(await server.query('frontdoor_target_up{job="frontdoor"}')).toMatchObject([{ value: 0 }]);
    expect(await server.query('process_cpu_seconds_total{job="frontdoor"}')).toHaveLength(1);
    expect(await server.waitFor('up{job="anonymous"}')).toMatchObject([{ value: 0 }]);
  });
});
