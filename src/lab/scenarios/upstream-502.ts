import { expectVerdicts, type LabSite } from './lab-config.js';
import { describeOrigins, startProxiedApp } from './nginx-fleet.js';
import type { Scenario } from './scenario.js';
import { withTopology } from './topology.js';

const SITES: LabSite[] = [
  {
    name: 'shop',
    hostnames: ['shop.example.test', 'shop.internal.test'],
    path: '/health',
    origins: ['web1', 'web2'],
    expect: { status: [200], body: 'ok', version: '2.0.0' },
  },
];

/**
 * Incident 002: a routine update rewrote nginx's upstream directives on both origins; the upstream now
 * names a port where nothing listens, so nginx answers 502 itself in a few ms while the app, healthy on its
 * real port, never sees a request.
 */
export const upstream502Scenario: Scenario = {
  name: '002-upstream-502',
  incident: '002',
  description: "an update altered nginx's upstream on every origin: 502 Bad Gateway everywhere",
  broken:
    'a routine update rewrote the upstream block on web1 and web2: it points at a port where nothing listens, so nginx answers 502 in a few ms; the app is healthy on its real port and is never reached',
  tools: ['nginx', 'openssl'],
  burst: 1,
  concurrency: 8,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      // The altered directive: same address family, wrong port, nothing listening there.
      const stale = await topology.allocateEndpoint();
      const { config, origins, app } = await startProxiedApp(topology, {
        scenario: '002-upstream-502',
        app: { version: '2.0.0' },
        upstream: 'shop_app',
        upstreamServers: [stale],
        origins: ['web1', 'web2'],
        sites: SITES,
      });
      const verdicts = expectVerdicts(config, () => 'proxy_upstream_unavailable');
      return {
        config,
        caPath: topology.caPath,
        expect: () => ({ verdicts, findings: ['fleet_wide'] }),
        notes: [
          `origins: ${describeOrigins(origins)}`,
          `upstream shop_app -> ${stale.host}:${stale.port} (nothing listens); the app listens on ${app.address}:${app.port}`,
        ],
        appRequests: () => app.requestCount(),
        stop: () => topology.stop(),
      };
    }),
};
