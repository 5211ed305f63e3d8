import { expectVerdicts, labApiSite } from './lab-config.js';
import { describeOrigins, startProxiedApp } from './nginx-fleet.js';
import type { Scenario } from './scenario.js';
import { withTopology } from './topology.js';

const READ_TIMEOUT_MS = 300;

/** The app accepts requests and never answers; nginx gives up after proxy_read_timeout with its 504. */
export const upstreamTimeoutScenario: Scenario = {
  name: 'upstream-timeout',
  description: 'the app hangs and nginx gives up after proxy_read_timeout: 504 Gateway Time-out',
  broken: `the app behind nginx on web1 hangs (a stuck database call); nginx waits ${READ_TIMEOUT_MS} ms (proxy_read_timeout) and answers 504 itself`,
  tools: ['nginx', 'openssl'],
  burst: 1,
  concurrency: 8,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      const { config, origins, app } = await startProxiedApp(topology, {
        scenario: 'upstream-timeout',
        app: { version: '2.0.0', mode: { kind: 'hang' } },
        upstream: 'api_app',
        proxyDirectives: [`proxy_read_timeout ${READ_TIMEOUT_MS}ms;`],
        origins: ['web1'],
        sites: [labApiSite('/orders')],
      });
      const verdicts = expectVerdicts(config, () => 'proxy_upstream_unavailable');
      return {
        config,
        caPath: topology.caPath,
        expect: () => ({ verdicts, findings: [] }),
        notes: [`origin: ${describeOrigins(origins)}; the app on ${app.address}:${app.port} never answers`],
        appRequests: () => app.requestCount(),
        stop: () => topology.stop(),
      };
    }),
};
