import { expectVerdicts, type LabSite } from './lab-config.js';
import { describeOrigins, startProxiedApp } from './nginx-fleet.js';
import type { Scenario } from './scenario.js';
import { withTopology } from './topology.js';

const EXPECT = { status: [200], body: 'ok', version: '2.0.0' };

const SITES: LabSite[] = [
  {
    name: 'app',
    environment: 'production',
    hostnames: ['app.example.test', 'app.internal.test'],
    path: '/health',
    origins: ['web1'],
    expect: EXPECT,
  },
  {
    name: 'app-acceptance',
    environment: 'acceptance',
    hostnames: ['app.acc.example.test', 'app.acc.internal.test'],
    path: '/health',
    origins: ['at1'],
    expect: EXPECT,
  },
];

/**
 * Incident 001: the blue/green proxy was changed to route by the internal name only, so the site is bound
 * to app.internal.test while visitors ask for app.example.test; the default server answers the public
 * name with 400 "Bad Request - Invalid Hostname". The same release runs in acceptance and production.
 */
export const invalidHostnameScenario: Scenario = {
  name: '001-invalid-hostname',
  incident: '001',
  description: 'blue/green proxy bound to the internal name only: 400 Invalid Hostname for the public name',
  broken:
    'the blue/green proxy now routes by the internal name only; the sites on web1 (production) and at1 (acceptance) are bound to *.internal.test, so the public names fall to the default server and get 400 "Bad Request - Invalid Hostname"',
  tools: ['nginx', 'openssl'],
  burst: 1,
  concurrency: 8,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      const internalName = (site: LabSite) => site.hostnames.filter((name) => name.includes('.internal.'));
      const { config, origins } = await startProxiedApp(topology, {
        scenario: '001-invalid-hostname',
        app: { version: '2.0.0' },
        upstream: 'live_app',
        origins: ['web1', 'at1'],
        sites: SITES,
        defaultServer: 'invalid-hostname',
        serverNames: internalName,
        environments: { production: 'page', acceptance: 'quiet' },
      });
      const verdicts = expectVerdicts(config, (target) =>
        target.hostname.includes('.internal.') ? 'ok' : 'host_not_routed',
      );
      return {
        config,
        caPath: topology.caPath,
        expect: () => ({
          verdicts,
          findings: ['fleet_wide', 'host_binding_missing', 'host_binding_missing'],
        }),
        notes: [
          `origins: ${describeOrigins(origins)}; server_name lists only app.internal.test / app.acc.internal.test`,
        ],
        stop: () => topology.stop(),
      };
    }),
};
