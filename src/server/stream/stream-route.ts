import type { FastifyPluginAsync } from 'fastify';
import { requireScope } from '../auth/auth-hook.js';
import type { EventHub } from './event-hub.js';

export interface StreamRouteOptions {
  hub: EventHub;
  /** an SSE comment this often keeps the idle socket (30 s server timeout) and proxies open */
  heartbeatMs?: number;
}

const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * `GET /api/v1/stream`: server-sent events (`targets`, `incidents`, `reset`) for the dashboard. A browser
 * reconnecting sends `Last-Event-ID`; a page passes the position it was rendered at as `?lastEventId=`,
 * since EventSource cannot set that header on its first request. The hub is closed before the server
 * (preClose), so open streams never hold a shutdown up.
 */
export const streamRoute: FastifyPluginAsync<StreamRouteOptions> = async (app, options) => {
  const { hub } = options;
  const heartbeat = setInterval(() => hub.heartbeat(), options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  heartbeat.unref();
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    hub.close();
  });

  app.get<{ Querystring: { lastEventId?: string } }>(
    '/api/v1/stream',
    { preHandler: requireScope('read') },
    async (request, reply) => {
      const header = request.headers['last-event-id'];
      const lastEventId = (Array.isArray(header) ? header[0] : header) ?? request.query.lastEventId;
      const raw = reply.raw;
      reply.hijack();
      raw.statusCode = 200;
      raw.setHeader('content-type', 'text/event-stream; charset=utf-8');
      raw.setHeader('cache-control', 'no-store');
      raw.setHeader('x-content-type-options', 'nosniff');
      // nginx and similar proxies buffer responses unless told not to: events would arrive in lumps.
      raw.setHeader('x-accel-buffering', 'no');
      const detach = hub.attach(
        {
          write: (chunk) => raw.write(chunk),
          onDrain: (listener) => raw.on('drain', listener),
          end: () => raw.end(),
        },
        lastEventId,
      );
      if (detach === undefined) {
        raw.statusCode = 503;
        raw.setHeader('content-type', 'application/json; charset=utf-8');
        raw.setHeader('retry-after', '10');
        raw.end(
          JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'too many streams open' }),
        );
        return;
      }
      raw.on('close', detach);
    },
  );
};
