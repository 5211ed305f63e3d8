import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { ApiToken } from '../../../src/config/api-config.js';
import type { ProbeModule } from '../../../src/config/probe-module.js';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { apiAuth } from '../../../src/server/auth/auth-hook.js';
import { metricsRoute } from '../../../src/server/metrics/metrics-route.js';
import { probeRoutes } from '../../../src/server/probe/probe-routes.js';

export interface ServedFrontdoor {
  app: FastifyInstance;
  address: string;
  port: number;
  /** "address:port", what a scrape configuration's relabelling replaces __address__ with */
  hostPort: string;
  url: string;
}

/**
 * The pieces `frontdoor serve` mounts, mounted the same way (auth hook at the root, /probe and /metrics
 * behind read access), listening on a fresh loopback address and a port the kernel picks.
 */
export async function serveFrontdoor(options: {
  modules?: Record<string, ProbeModule>;
  registry?: Registry;
  tokens?: ApiToken[];
}): Promise<ServedFrontdoor> {
  const address = allocateLoopbackAddress();
  const app = Fastify();
  await app.register(apiAuth, { tokens: options.tokens ?? [], listen: { host: address } });
  if (options.modules !== undefined) {
    const modules = options.modules;
    await app.register(probeRoutes, { modules: () => modules });
  }
  if (options.registry !== undefined) await app.register(metricsRoute, { registry: options.registry });
  await app.listen({ host: address, port: 0 });
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : 0;
  return { app, address, port, hostPort: `${address}:${port}`, url: `http://${address}:${port}` };
}
