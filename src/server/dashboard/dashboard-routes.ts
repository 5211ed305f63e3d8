import type { FastifyPluginAsync } from 'fastify';
import { DASHBOARD_HEADERS } from './content-security-policy.js';
import { detailPageRoutes } from './detail-page-routes.js';
import { type DashboardContext, fleetPageRoute } from './fleet-page-route.js';

/**
 * The dashboard: its pages and their built assets, every response with the strict Content-Security-Policy
 * and its companions. Pages need read access, as the API does.
 */
export const dashboardRoutes: FastifyPluginAsync<DashboardContext> = async (app, context) => {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(DASHBOARD_HEADERS);
    return payload;
  });

  app.get<{ Params: { name: string }; Querystring: { v?: string } }>(
    '/assets/:name',
    async (request, reply) => {
      const asset = context.assets.get(request.params.name);
      if (asset === undefined) {
        return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'no such asset' });
      }
      const etag = `"${asset.etag}"`;
      reply.header('etag', etag);
      // A URL with the current hash never changes; any other is revalidated.
      reply.header(
        'cache-control',
        request.query.v === asset.etag ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type(asset.type).send(asset.body);
    },
  );

  await app.register(fleetPageRoute, context);
  await app.register(detailPageRoutes, context);
};
