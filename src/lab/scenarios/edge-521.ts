import { expectVerdicts, type LabSite } from './lab-config.js';
import type { Scenario } from './scenario.js';
import { startSquatter } from './squatter.js';
import { startEdgeForSites, withTopology } from './topology.js';

/** Two sites on both origins behind the edge, each sent by the edge to a different origin. */
export const SITES_ON_TWO_ORIGINS: readonly LabSite[] = [
  {
    name: 'www',
    hostnames: ['www.example.test'],
    path: '/health',
    origins: ['web1', 'web2'],
    edgeOrigin: 'web1',
    expect: { status: [200], body: 'ok' },
  },
  {
    name: 'shop',
    hostnames: ['shop.example.test'],
    path: '/health',
    origins: ['web1', 'web2'],
    edgeOrigin: 'web2',
    expect: { status: [200], body: 'ok' },
  },
];

/**
 * Incident 000: nginx on both origins failed to re-bind its port after an automatic update restarted it
 * (a VPN daemon took the port in the gap) and stayed down. From outside, nothing answers on either origin's
 * port and the edge answers 521 for every hostname. No nginx is needed: what the visitor meets is its absence.
 */
export const edge521Scenario: Scenario = {
  name: '000-edge-521',
  incident: '000',
  description: 'nginx down on every origin behind the CDN: 521 on every hostname',
  broken:
    'an automatic update restarted nginx on web1 and web2; a VPN daemon grabbed the port during the restart, nginx could not re-bind and stayed down, so the edge answers 521 for every hostname while every app is healthy',
  tools: ['openssl'],
  burst: 1,
  concurrency: 8,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      // Each origin's port is free and stays unserved: nginx is the one that should be listening there.
      const origins = { web1: await topology.allocateEndpoint(), web2: await topology.allocateEndpoint() };
      // The squatter holds the same port on another address of web1 (its VPN interface), as in the incident.
      const vpn = { host: topology.allocateAddress(), port: origins.web1.port };
      const squatterPid = await startSquatter(topology, vpn);
      const config = await startEdgeForSites(topology, {
        scenario: '000-edge-521',
        sites: SITES_ON_TWO_ORIGINS,
        origins,
      });
      const verdicts = expectVerdicts(config, (target) =>
        target.via === 'edge' ? 'edge_origin_unreachable' : 'connect_refused',
      );
      return {
        config,
        caPath: topology.caPath,
        expect: () => ({
          verdicts,
          findings: ['shared_front_door_down', 'shared_front_door_down', 'fleet_wide'],
        }),
        notes: [
          `nothing listens on web1 ${origins.web1.host}:${origins.web1.port} or web2 ${origins.web2.host}:${origins.web2.port}`,
          `the "VPN daemon" (pid ${squatterPid}) holds port ${vpn.port} on ${vpn.host}`,
        ],
        stop: () => topology.stop(),
      };
    }),
};
