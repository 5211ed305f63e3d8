import { startAppBackend } from '../app-backend.js';
import { expectVerdicts } from './lab-config.js';
import { renderProxyLocation, renderUpstream } from './nginx-blocks.js';
import { describeOrigins, startNginxFleet } from './nginx-fleet.js';
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
      const app = await startAppBackend({ version: '2.0.0', mode: { kind: 'hang' } });
      topology.onStop(() => app.close());
      const { config, origins } = await startNginxFleet(topology, {
        scenario: 'upstream-timeout',
        origins: ['web1'],
        sites: [
          {
            name: 'api',
            hostnames: ['api.example.test'],
            path: '/orders',
            origins: ['web1'],
            expect: { status: [200], body: 'ok', version: '2.0.0' },
          },
        ],
        http: [renderUpstream('api_app', [{ host: app.address, port: app.port }])],
        siteBody: () => renderProxyLocation('/', 'api_app', [`proxy_read_timeout ${READ_TIMEOUT_MS}ms;`]),
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
