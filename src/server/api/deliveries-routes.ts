import type { FastifyPluginAsync } from 'fastify';
import { listDeliveries } from '../../store/read-deliveries.js';
import { requireScope } from '../auth/auth-hook.js';
import type { DaemonView } from './daemon-view.js';
import { badRequest, firstProblem, readChoice, readCursor, readLimit } from './query-params.js';

const PAGE = 50;
const MAX_PAGE = 500;

/**
 * What was sent, under /api/v1 (openapi-incident-paths.ts documents it): the outbox newest first, each
 * message to one channel with every delivery attempt; `state=dead` lists the dead letters. Read scope.
 */
export const deliveriesRoutes: FastifyPluginAsync<{ view: DaemonView }> = async (app, { view }) => {
  app.get<{ Querystring: { state?: string; channel?: string; limit?: string; before?: string } }>(
    '/api/v1/deliveries',
    { preHandler: requireScope('read') },
    async (request, reply) => {
      const state = readChoice('state', request.query.state, ['pending', 'delivered', 'dead'] as const);
      const limit = readLimit(request.query.limit, PAGE, MAX_PAGE);
      const before = readCursor(request.query.before);
      if (!state.ok || !limit.ok || !before.ok) {
        return reply.code(400).send(badRequest(firstProblem(state, limit, before)));
      }
      return listDeliveries(view.store, {
        limit: limit.value,
        ...(state.value === undefined ? {} : { state: state.value }),
        ...(request.query.channel === undefined ? {} : { channel: request.query.channel }),
        ...(before.value === undefined ? {} : { before: before.value }),
      });
    },
  );
};
