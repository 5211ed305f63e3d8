import type { FastifyPluginAsync } from 'fastify';
import { findStoredTarget } from '../../store/find-stored-target.js';
import { readHistory } from '../../store/read-history.js';
import { requireScope } from '../auth/auth-hook.js';
import type { DaemonView } from './daemon-view.js';
import { describeTarget } from './describe-target.js';
import { readTimeParam } from './read-time-param.js';

/** History answers default to the last hour. */
const DEFAULT_HISTORY_MS = 3_600_000;

/**
 * The read API under /api/v1 (documented in openapi-document.ts, which a test keeps in step):
 * status, targets with their latest round, and one target's history in the resolution its range calls for.
 */
export const apiRoutes: FastifyPluginAsync<{ view: DaemonView }> = async (app, { view }) => {
  const guard = requireScope('read');

  app.get('/api/v1/status', { preHandler: guard }, async () => {
    const plan = view.watch.plan();
    const latest = [...view.watch.latest().values()];
    const verdicts: Record<string, number> = {};
    for (const round of latest) verdicts[round.result.verdict] = (verdicts[round.result.verdict] ?? 0) + 1;
    return {
      version: view.version,
      startedAt: new Date(view.startedAtMs).toISOString(),
      configuration: { source: plan?.config.source ?? null, targets: plan?.targets.length ?? 0 },
      scheduler: view.watch.status(),
      store: { description: view.store.description, ...view.writer.status() },
      lease: view.lease.status(),
      verdicts,
      findings: view.watch.findings(),
    };
  });

  app.get('/api/v1/targets', { preHandler: guard }, async () => {
    const plan = view.watch.plan();
    const latest = view.watch.latest();
    return { targets: (plan?.targets ?? []).map((entry) => describeTarget(entry, latest.get(entry.id))) };
  });

  app.get<{ Params: { id: string }; Querystring: { since?: string; until?: string } }>(
    '/api/v1/targets/:id/history',
    { preHandler: guard },
    async (request, reply) => {
      const { id } = request.params;
      const now = view.now();
      const untilOutcome =
        request.query.until === undefined
          ? { ok: true as const, value: now }
          : readTimeParam(request.query.until, now);
      if (!untilOutcome.ok) return reply.code(400).send(badRequest(`until: ${untilOutcome.problem}`));
      const sinceOutcome =
        request.query.since === undefined
          ? { ok: true as const, value: untilOutcome.value - DEFAULT_HISTORY_MS }
          : readTimeParam(request.query.since, now);
      if (!sinceOutcome.ok) return reply.code(400).send(badRequest(`since: ${sinceOutcome.problem}`));
      if (sinceOutcome.value >= untilOutcome.value) {
        return reply.code(400).send(badRequest('since must be before until'));
      }
      const configured = view.watch.plan()?.targets.some((entry) => entry.id === id) ?? false;
      if (!configured && (await findStoredTarget(view.store, id)) === undefined) {
        return reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: `no target '${id}' (ids are listed by /api/v1/targets; URL-encode them)`,
        });
      }
      return readHistory(view.store, {
        targetId: id,
        sinceMs: sinceOutcome.value,
        untilMs: untilOutcome.value,
      });
    },
  );
};

function badRequest(message: string) {
  return { statusCode: 400, error: 'Bad Request', message };
}
