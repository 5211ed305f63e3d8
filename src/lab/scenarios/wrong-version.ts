import { startAppFleet } from './app-fleet.js';
import { expectVerdicts, labApiSite } from './lab-config.js';
import { describeOrigins } from './nginx-fleet.js';
import type { Scenario } from './scenario.js';
import { withTopology } from './topology.js';

/** A deploy of 2.0.0 that did not land: the app still announces 1.9.0, and everything else looks fine. */
export const wrongVersionScenario: Scenario = {
  name: 'wrong-version',
  description: 'the deploy of 2.0.0 did not land: the app still serves 1.9.0',
  broken:
    'version 2.0.0 was "deployed", but the app on web1 still runs 1.9.0: every answer is 200 ok with x-app-version 1.9.0',
  tools: ['openssl'],
  burst: 1,
  concurrency: 8,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      const { config, origins } = await startAppFleet(topology, {
        scenario: 'wrong-version',
        origin: 'web1',
        version: '1.9.0',
        sites: [labApiSite('/health')],
      });
      const verdicts = expectVerdicts(config, () => 'wrong_version');
      return {
        config,
        caPath: topology.caPath,
        expect: () => ({ verdicts, findings: [] }),
        notes: [`origin: ${describeOrigins(origins)} (node https app, version 1.9.0)`],
        stop: () => topology.stop(),
      };
    }),
};
