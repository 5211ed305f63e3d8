import { startStalledListener } from '../stalled-listener.js';
import { startEdgeBeforeDeadOrigins } from './edge-before-dead-origins.js';
import type { Scenario } from './scenario.js';
import { type Endpoint, type Topology, withTopology } from './topology.js';

/** An origin whose packets a firewall drops: its port takes no TCP handshake at all. */
async function startFirewalledOrigin(topology: Topology): Promise<Endpoint> {
  const listener = await startStalledListener({ address: topology.allocateAddress() });
  topology.onStop(() => listener.close());
  return { host: listener.address, port: listener.port };
}

/**
 * A firewall change (a security group losing its :443 rule) drops every packet to both origins. nginx and the
 * apps still run, so every check on the boxes passes, but no TCP handshake reaches them: the edge waits and
 * answers 522 for every hostname, and a direct probe times out at connect. No nginx is needed: what the visitor
 * meets is the silence.
 */
export const edge522Scenario: Scenario = {
  name: 'edge-522',
  description: 'packets to every origin dropped by a firewall: 522 on every hostname',
  broken:
    'a security-group change dropped inbound :443 on web1 and web2; nginx and the apps still run, but no TCP handshake reaches them, so the edge times out and answers 522 for every hostname',
  tools: ['openssl'],
  burst: 1,
  concurrency: 8,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      const origins = {
        web1: await startFirewalledOrigin(topology),
        web2: await startFirewalledOrigin(topology),
      };
      return startEdgeBeforeDeadOrigins(topology, {
        scenario: 'edge-522',
        origins,
        originVerdict: 'connect_timeout',
        notes: [
          `every SYN to web1 ${origins.web1.host}:${origins.web1.port} and web2 ${origins.web2.host}:${origins.web2.port} goes unanswered`,
        ],
      });
    }),
};
