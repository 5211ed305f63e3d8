import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { deployMarkSchema } from '../../incidents/deploy-mark.js';
import { describeDeployMark } from '../../incidents/describe-deploy-mark.js';
import { describeHostEvent } from '../../incidents/describe-host-event.js';
import { EVENT_BATCH_LIMITS, hostEventBatchSchema } from '../../incidents/host-event.js';
import {
  readTimeline,
  readTimelineCursor,
  type TimelineEntry,
  writeTimelineCursor,
} from '../../store/read-events.js';
import { storeDeployMark, storeHostEvents } from '../../store/write-events.js';
import { readAccess, requireScope } from '../auth/auth-hook.js';
import type { DaemonView } from './daemon-view.js';
import { readTimeParam } from './read-time-param.js';
import { createTokenBuckets, DEFAULT_POST_RATE_LIMIT, type RateLimit } from './token-bucket.js';

/** The timeline answers default to the last 24 hours, 200 entries a page, at most 1,000. */
const DEFAULT_RANGE_MS = 24 * 3_600_000;
const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 1_000;
/** A deploy mark lists up to 1,000 targets: a few hundred KiB. */
const DEPLOY_BODY_BYTES = 1024 * 1024;
/** What an agent or CI is told to wait when the store cannot take their post right now. */
const STORE_RETRY_SECONDS = 5;

export interface TimelineRouteOptions {
  view: DaemonView;
  /** per API token, over both POST routes */
  rateLimit?: RateLimit;
}

/**
 * The change timeline: `POST /api/v1/events` (agent tokens, their own origin only), `POST /api/v1/deploys`
 * (deploy tokens), and `GET /api/v1/events` (read) listing both in time order. What is stored is handed to
 * `view.changesStored`, where the incident engine takes it.
 */
export const timelineRoutes: FastifyPluginAsync<TimelineRouteOptions> = async (app, options) => {
  const { view } = options;
  const buckets = createTokenBuckets(options.rateLimit ?? DEFAULT_POST_RATE_LIMIT, view.now);
  // Before the body is read: a client over its rate is refused without parsing a megabyte.
  const limitRate = async (request: FastifyRequest, reply: FastifyReply) => {
    const access = readAccess(request);
    if (access?.kind !== 'token') return;
    const taken = buckets.take(access.name);
    if (taken.ok) return;
    reply.header('retry-after', String(taken.retryAfterSeconds));
    return reply.code(429).send({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `too many requests; retry after ${taken.retryAfterSeconds} s`,
    });
  };

  app.post(
    '/api/v1/events',
    { bodyLimit: EVENT_BATCH_LIMITS.bytes, onRequest: [requireScope('agent'), limitRate] },
    async (request, reply) => {
      const parsed = hostEventBatchSchema.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send(problem(400, describeIssue(parsed.error)));
      const access = readAccess(request);
      if (access?.kind !== 'token') return reply.code(401).send(problem(401, 'a token is needed'));
      // Say which origin was refused, never which one the token is bound to or what it is called.
      const foreign = parsed.data.events.find((event) => event.origin !== access.origin);
      if (foreign !== undefined) {
        request.log.warn(
          { origin: foreign.origin },
          'refused events for an origin the token is not bound to',
        );
        return reply
          .code(403)
          .send(problem(403, `this token may not send events for origin '${foreign.origin}'`));
      }
      const receivedAtMs = view.now();
      let stored: Awaited<ReturnType<typeof storeHostEvents>>;
      try {
        stored = await storeHostEvents(view.store, parsed.data.events, { receivedAtMs, source: access.name });
      } catch (error) {
        return storeUnavailable(request, reply, error);
      }
      const origin = parsed.data.events[0]?.origin;
      if (stored.accepted.length > 0 && origin !== undefined) {
        view.changesStored?.({
          type: 'host_events',
          at: new Date(receivedAtMs).toISOString(),
          origin,
          events: stored.accepted.map((entry) => entry.event),
        });
      }
      return { accepted: stored.accepted.length, duplicates: stored.duplicates };
    },
  );

  app.post(
    '/api/v1/deploys',
    { bodyLimit: DEPLOY_BODY_BYTES, onRequest: [requireScope('deploy'), limitRate] },
    async (request, reply) => {
      const parsed = deployMarkSchema.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send(problem(400, describeIssue(parsed.error)));
      const access = readAccess(request);
      const receivedAtMs = view.now();
      let id: number;
      try {
        id = await storeDeployMark(view.store, parsed.data, {
          receivedAtMs,
          source: access?.kind === 'token' ? access.name : 'anonymous',
        });
      } catch (error) {
        return storeUnavailable(request, reply, error);
      }
      view.changesStored?.({
        type: 'deploy',
        at: new Date(receivedAtMs).toISOString(),
        id: String(id),
        mark: parsed.data,
      });
      return reply.code(201).send({ id });
    },
  );

  app.get<{
    Querystring: { origin?: string; since?: string; until?: string; limit?: string; after?: string };
  }>('/api/v1/events', { preHandler: requireScope('read') }, async (request, reply) => {
    const query = request.query;
    const now = view.now();
    const until =
      query.until === undefined ? { ok: true as const, value: now } : readTimeParam(query.until, now);
    if (!until.ok) return reply.code(400).send(problem(400, `until: ${until.problem}`));
    const since =
      query.since === undefined
        ? { ok: true as const, value: until.value - DEFAULT_RANGE_MS }
        : readTimeParam(query.since, now);
    if (!since.ok) return reply.code(400).send(problem(400, `since: ${since.problem}`));
    if (since.value >= until.value) return reply.code(400).send(problem(400, 'since must be before until'));
    const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return reply.code(400).send(problem(400, `limit: a whole number from 1 to ${MAX_LIMIT}`));
    }
    const after = query.after === undefined ? undefined : readTimelineCursor(query.after);
    if (after === null) return reply.code(400).send(problem(400, 'after: not a cursor from a previous page'));
    const page = await readTimeline(view.store, {
      ...(query.origin === undefined || query.origin === '' ? {} : { origin: query.origin }),
      sinceMs: since.value,
      untilMs: until.value,
      limit,
      ...(after === undefined ? {} : { after }),
    });
    return {
      origin: query.origin ?? null,
      since: new Date(since.value).toISOString(),
      until: new Date(until.value).toISOString(),
      events: page.entries.map(describeEntry),
      next: page.next === null ? null : writeTimelineCursor(page.next),
    };
  });
};

/** An entry with its one line: what the dashboard and a person read. */
function describeEntry(entry: TimelineEntry) {
  return {
    ...entry,
    line: entry.kind === 'host' ? describeHostEvent(entry.event) : describeDeployMark(entry.mark),
  };
}

/** "events[3].sequence: sequences must increase within a batch": the first problem and where it is. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = (issue?.path ?? [])
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`))
    .join('')
    .replace(/^\./, '');
  return `${path === '' ? '' : `${path}: `}${issue?.message ?? 'invalid body'}`;
}

function storeUnavailable(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  request.log.warn(
    { reason: error instanceof Error ? error.message : String(error) },
    'store: could not take posted changes; the client is told to retry',
  );
  reply.header('retry-after', String(STORE_RETRY_SECONDS));
  return reply.code(503).send(problem(503, 'the store cannot take this now; retry later'));
}

function problem(statusCode: number, message: string) {
  const error =
    { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service Unavailable' }[statusCode] ??
    'Error';
  return { statusCode, error, message };
}
