import { startHaproxy } from '../haproxy-server.js';
import { expectVerdicts, type LabSite } from './lab-config.js';
import type { Scenario } from './scenario.js';
import { startEdgeForSites, withTopology } from './topology.js';

const SITES: LabSite[] = [
  {
    name: 'lb',
    hostnames: ['lb.example.test'],
    path: '/health',
    origins: ['lb1'],
    expect: { status: [200], body: 'ok' },
  },
];

/**
 * HAProxy with every backend server down answers 503 "No server is available to handle this request."
 * itself. Plain HTTP end to end (the edge in flexible mode), so only haproxy is needed.
 */
export const haproxyNoBackendScenario: Scenario = {
  name: 'haproxy-no-backend',
  description: 'HAProxy has no live backend server: its own 503',
  broken:
    "every server of HAProxy's backend on lb1 is down (health checks fail: nothing listens on their port), so HAProxy answers 503 itself",
  tools: ['haproxy'],
  burst: 1,
  concurrency: 8,
  start: () =>
    withTopology({ tls: false }, async (topology) => {
      const lb1 = await topology.allocateEndpoint();
      const deadServer = await topology.allocateEndpoint();
      const haproxy = await startHaproxy({
        address: lb1.host,
        port: lb1.port,
        servers: [{ host: deadServer.host, port: deadServer.port, name: 'app1' }],
      });
      topology.onStop(() => haproxy.stop());
      const origins = { lb1 };
      const config = await startEdgeForSites(topology, {
        scenario: 'haproxy-no-backend',
        sites: SITES,
        origins,
        tls: false,
      });
      const verdicts = expectVerdicts(config, () => 'proxy_upstream_unavailable');
      return {
        config,
        caPath: undefined,
        expect: () => ({ verdicts, findings: [] }),
        notes: [
          `origin: lb1 ${lb1.host}:${lb1.port}; backend server app1 ${deadServer.host}:${deadServer.port} (nothing listens)`,
        ],
        stop: () => topology.stop(),
      };
    }),
};
