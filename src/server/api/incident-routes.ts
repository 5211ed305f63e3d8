import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { renderIncidentWriteup } from '../../report/render-incident-writeup.js';
import { requireScope } from '../auth/auth-hook.js';
import type { DaemonView } from './daemon-view.js';

const STATES = ['open', 'resolved', 'all'] as const;
type StateQuery = (typeof STATES)[number];
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/**
 * The incidents under /api/v1: the list (`?state=open|resolved|all`), one incident's dossier (targets,
 * transitions, notifications and their deliveries, maintenance, changes, the last failing evidence) and
 * its drafted write-up in Markdown (`?download=1` asks the browser to save it).
 */
export const incidentRoutes: FastifyPluginAsync<{ view: DaemonView }> = async (app, { view }) => {
  const guard = requireScope('read');

  app.get<{ Querystring: { state?: string; limit?: string } }>(
    '/api/v1/incidents',
    { preHandler: guard },
    async (request, reply) => {
      const state = (request.query.state ?? 'all') as StateQuery;
      if (!STATES.includes(state)) {
        return badRequest(reply, `state: expected one of ${STATES.join(', ')}, got '${request.query.state}'`);
      }
      const limit = request.query.limit === undefined ? DEFAULT_LIMIT : Number(request.query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
        return badRequest(reply, `limit: expected a whole number from 1 to ${MAX_LIMIT}`);
      }
      if (view.incidents === undefined) return notKept(reply);
      return { incidents: await view.incidents.list({ state, limit }) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/incidents/:id',
    { preHandler: guard },
    async (request, reply) => {
      if (view.incidents === undefined) return notKept(reply);
      const dossier = await view.incidents.dossier(request.params.id);
      if (dossier === undefined) return notFound(reply, request.params.id);
      return dossier;
    },
  );

  app.get<{ Params: { id: string }; Querystring: { download?: string } }>(
    '/api/v1/incidents/:id/writeup',
    { preHandler: guard },
    async (request, reply) => {
      if (view.incidents === undefined) return notKept(reply);
      const dossier = await view.incidents.dossier(request.params.id);
      if (dossier === undefined) return notFound(reply, request.params.id);
      const text = renderIncidentWriteup(dossier, { nowMs: view.now(), version: view.version });
      const filename = `frontdoor-${dossier.id.replace(/[^A-Za-z0-9._-]/g, '_')}.md`;
      reply.header(
        'content-disposition',
        `${request.query.download === undefined ? 'inline' : 'attachment'}; filename="${filename}"`,
      );
      return reply.type('text/markdown; charset=utf-8').send(text);
    },
  );
};

function badRequest(reply: FastifyReply, message: string) {
  return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message });
}

function notFound(reply: FastifyReply, id: string) {
  return reply.code(404).send({
    statusCode: 404,
    error: 'Not Found',
    message: `no incident '${id}' (open ones and the latest resolved are listed by /api/v1/incidents)`,
  });
}

function notKept(reply: FastifyReply) {
  return reply
    .code(404)
    .send({ statusCode: 404, error: 'Not Found', message: 'this daemon keeps no incidents' });
}
