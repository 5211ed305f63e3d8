import type { FastifyPluginAsync } from 'fastify';
import { listDeliveries } from '../../store/read-deliveries.js';
import { listIncidents, readIncident } from '../../store/read-incidents.js';
import { requireScope } from '../auth/auth-hook.js';
import type { DaemonView } from './daemon-view.js';
import { badRequest, firstProblem, notFound, readChoice, readCursor, readLimit } from './query-params.js';

const PAGE = 50;
const MAX_PAGE = 500;

/**
 * Incidents and what was sent about them, under /api/v1 (openapi-incident-paths.ts documents them):
 * the incidents newest first, one incident with its targets, transitions, timeline, notifications and
 * every delivery attempt, and the outbox itself (`state=dead` lists the dead letters). Read scope.
 */
export const incidentRoutes: FastifyPluginAsync<{ view: DaemonView }> = async (app, { view }) => {
  const guard = requireScope('read');

  app.get<{ Querystring: { state?: string; limit?: string; before?: string } }>(
    '/api/v1/incidents',
    { preHandler: guard },
    async (request, reply) => {
      const state = readChoice('state', request.query.state, ['open', 'resolved'] as const);
      const limit = readLimit(request.query.limit, PAGE, MAX_PAGE);
      const before = readCursor(request.query.before);
      if (!state.ok || !limit.ok || !before.ok) {
        return reply.code(400).send(badRequest(firstProblem(state, limit, before)));
      }
      return listIncidents(view.store, {
        limit: limit.value,
        ...(state.value === undefined ? {} : { status: state.value }),
        ...(before.value === undefined ? {} : { before: before.value }),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/incidents/:id',
    { preHandler: guard },
    async (request, reply) => {
      const incident = await readIncident(view.store, request.params.id);
      if (incident === undefined) {
        return reply
          .code(404)
          .send(notFound(`no incident '${request.params.id}' (listed by /api/v1/incidents)`));
      }
      return incident;
    },
  );

  app.get<{ Querystring: { state?: string; channel?: string; limit?: string; before?: string } }>(
    '/api/v1/deliveries',
    { preHandler: guard },
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
