import { expectVerdicts, labApiSite } from './lab-config.js';
import { describeOrigins, startProxiedApp } from './nginx-fleet.js';
import type { Scenario } from './scenario.js';
import { withTopology } from './topology.js';

/** The app behind nginx fails every request with its own 500 (its marker header, after doing some work). */
export const app500Scenario: Scenario = {
  name: 'app-500',
  description: "the app's own 500 passed through nginx: the proxy is fine, read the app's log",
  broken:
    'the app behind nginx on web1 fails every request with its own 500 (a bad migration); nginx passes the answer on unchanged',
  tools: ['nginx', 'openssl'],
  burst: 1,
  concurrency: 8,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      const { config, origins, app } = await startProxiedApp(topology, {
        scenario: 'app-500',
        app: { version: '2.0.0', mode: { kind: 'error500' } },
        upstream: 'api_app',
        origins: ['web1'],
        sites: [labApiSite('/orders')],
      });
      const verdicts = expectVerdicts(config, () => 'app_error');
      return {
        config,
        caPath: topology.caPath,
        expect: () => ({ verdicts, findings: [] }),
        notes: [`origin: ${describeOrigins(origins)}; app on ${app.address}:${app.port} answers 500`],
        appRequests: () => app.requestCount(),
        stop: () => topology.stop(),
      };
    }),
};
