import type { FastifyPluginAsync, preHandlerAsyncHookHandler } from 'fastify';
import type { Registry } from 'prom-client';
import { requireScope } from '../auth/auth-hook.js';

export interface MetricsRouteOptions {
  /** what `/metrics` renders: the registry given to createWatchMetrics */
  registry: Registry;
  /** who may scrape; default requireScope('read') (needs the apiAuth plugin) */
  guard?: preHandlerAsyncHookHandler;
}

/**
 * `GET /metrics`: the registry in Prometheus's text exposition format (version 0.0.4).
 * @example await app.register(metricsRoute, { registry: metrics.registry });
 */
export const metricsRoute: FastifyPluginAsync<MetricsRouteOptions> = async (app, options) => {
  const guard = options.guard ?? requireScope('read');
  app.get('/metrics', { preHandler: guard }, async (_request, reply) => {
    const text = await options.registry.metrics();
    return reply.type(options.registry.contentType).send(text);
  });
};
