import type { FastifyPluginAsync } from 'fastify';
import { FrontdoorError } from '../../errors.js';
import { listWindows } from '../../store/read-maintenance.js';
import { readAccess, requireScope } from '../auth/auth-hook.js';
import type { DaemonView } from './daemon-view.js';
import { readMaintenanceRequest } from './maintenance-request.js';
import { badRequest, notFound, readChoice, readLimit } from './query-params.js';

/** A maintenance request is a few names and a reason; anything bigger is not one. */
const BODY_LIMIT = 16 * 1024;

/**
 * Maintenance windows under /api/v1 (openapi-maintenance-paths.ts): list them (read scope), start an ad
 * hoc one and end one early (write scope). Who started or ended a window is the token's name, kept on
 * the timeline.
 */
export const maintenanceRoutes: FastifyPluginAsync<{ view: DaemonView }> = async (app, { view }) => {
  const read = requireScope('read');
  const write = requireScope('write');

  app.get<{ Querystring: { state?: string; limit?: string } }>(
    '/api/v1/maintenance',
    { preHandler: read },
    async (request, reply) => {
      const state = readChoice('state', request.query.state, ['active', 'ended'] as const);
      if (!state.ok) return reply.code(400).send(badRequest(state.problem));
      const limit = readLimit(request.query.limit, 100, 1_000);
      if (!limit.ok) return reply.code(400).send(badRequest(limit.problem));
      const windows = await listWindows(view.store, {
        limit: limit.value,
        ...(state.value === undefined ? {} : { state: state.value }),
      });
      return { windows };
    },
  );

  app.post('/api/v1/maintenance', { preHandler: write, bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const outcome = readMaintenanceRequest(request.body, view.watch.plan()?.config);
    if (!outcome.ok) return reply.code(400).send(badRequest(outcome.problem));
    const opened = await notOnHolder(() => view.maintenance.open(outcome.value, whoAsked(request)));
    if (opened instanceof FrontdoorError) return reply.code(503).send(unavailable(opened));
    const { window, capped } = opened;
    return reply.code(201).send({ window, capped });
  });

  app.delete<{ Params: { id: string } }>(
    '/api/v1/maintenance/:id',
    { preHandler: write },
    async (request, reply) => {
      const ended = await notOnHolder(() => view.maintenance.end(request.params.id, whoAsked(request)));
      if (ended instanceof FrontdoorError) return reply.code(503).send(unavailable(ended));
      if (ended === 'unknown') {
        return reply.code(404).send(notFound(`no maintenance window '${request.params.id}'`));
      }
      if (ended === 'ended') {
        return reply.code(409).send({
          statusCode: 409,
          error: 'Conflict',
          message: `maintenance window '${request.params.id}' has ended already`,
        });
      }
      return { window: ended };
    },
  );
};

function whoAsked(request: Parameters<typeof readAccess>[0]): string {
  const access = readAccess(request);
  return access?.kind === 'token' ? `token:${access.name}` : 'anonymous';
}

/**
 * A window starts and ends through the incident engine, which runs on the engine lease's holder only
 * (docs/scale.md): on another node the change is refused, as the error it is, for the caller to send there.
 */
async function notOnHolder<T>(work: () => Promise<T>): Promise<T | FrontdoorError> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FrontdoorError && error.code === 'FD_ERR_LEASE_LOST') return error;
    throw error;
  }
}

function unavailable(error: FrontdoorError) {
  return { statusCode: 503, error: 'Service Unavailable', message: error.message };
}
