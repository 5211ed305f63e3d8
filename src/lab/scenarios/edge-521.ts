import { startEdgeBeforeDeadOrigins } from './edge-before-dead-origins.js';
import type { Scenario } from './scenario.js';
import { startSquatter } from './squatter.js';
import { withTopology } from './topology.js';

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
      return startEdgeBeforeDeadOrigins(topology, {
        scenario: '000-edge-521',
        origins,
        originVerdict: 'connect_refused',
        notes: [
          `nothing listens on web1 ${origins.web1.host}:${origins.web1.port} or web2 ${origins.web2.host}:${origins.web2.port}`,
          `the "VPN daemon" (pid ${squatterPid}) holds port ${vpn.port} on ${vpn.host}`,
        ],
      });
    }),
};
