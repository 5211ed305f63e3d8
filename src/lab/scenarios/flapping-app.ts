import type { Verdict } from '../../diagnose/verdict.js';
import { startAppFleet } from './app-fleet.js';
import { expectVerdicts, labApiSite } from './lab-config.js';
import { describeOrigins } from './nginx-fleet.js';
import type { Scenario } from './scenario.js';
import { withTopology } from './topology.js';

const FAIL_EVERY = 5;

/**
 * What a burst of `burst` shows when the app fails every 5th request it receives. The check runs targets
 * one at a time (concurrency 1), so the edge target gets requests 1..N and the origin target the next N (no
 * catch-all probe is sent: an app's 500 is judged before the catch-all comparison could matter): one
 * request passes every target; ten consecutive requests always include a failure. In between, it depends
 * on where a burst starts in the app's count.
 */
export function expectFlapping(burst: number): Verdict | readonly Verdict[] {
  if (burst === 1) return 'ok';
  if (burst >= 2 * FAIL_EVERY) return 'intermittent';
  return ['ok', 'intermittent'];
}

/** The app fails 1 request in 5 with its own 500: a burst catches it, a single probe misses it. */
export const flappingAppScenario: Scenario = {
  name: 'flapping-app',
  description: 'the app fails 1 request in 5: a burst of 10 catches it, a single probe misses it',
  broken: `the app on web1 answers every ${FAIL_EVERY}th request with its own 500 (a bad instance in a pool); single probes keep passing`,
  tools: ['openssl'],
  burst: 10,
  // One target at a time, so the app's request counter deals each burst a known run of requests.
  concurrency: 1,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      const { config, origins } = await startAppFleet(topology, {
        scenario: 'flapping-app',
        origin: 'web1',
        version: '2.0.0',
        mode: { kind: 'flapping', failRatio: 1 / FAIL_EVERY },
        sites: [labApiSite('/health')],
      });
      return {
        config,
        caPath: topology.caPath,
        expect: (burst) => ({ verdicts: expectVerdicts(config, () => expectFlapping(burst)), findings: [] }),
        notes: [`origin: ${describeOrigins(origins)} (node https app failing every ${FAIL_EVERY}th request)`],
        stop: () => topology.stop(),
      };
    }),
};
