import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import type { Registry } from 'prom-client';
import type { ProbeModule } from '../config/probe-module.js';
import type { HostResolver } from '../probe/host-resolver.js';
import { apiRoutes } from './api/api-routes.js';
import type { DaemonView } from './api/daemon-view.js';
import { deliveriesRoutes } from './api/deliveries-routes.js';
import { healthRoutes } from './api/health-routes.js';
import { incidentRoutes } from './api/incident-routes.js';
import { maintenanceRoutes } from './api/maintenance-routes.js';
import { buildOpenApiDocument } from './api/openapi-document.js';
import { timelineRoutes } from './api/timeline-routes.js';
import type { RateLimit } from './api/token-bucket.js';
import { apiAuth } from './auth/auth-hook.js';
import { type DashboardAssets, loadDashboardAssets } from './dashboard/dashboard-assets.js';
import { dashboardRoutes } from './dashboard/dashboard-routes.js';
import { metricsRoute } from './metrics/metrics-route.js';
import { probeRoutes } from './probe/probe-routes.js';
import { createEventHub, type EventHub } from './stream/event-hub.js';
import { streamRoute } from './stream/stream-route.js';

export interface WatchServerOptions {
  view: DaemonView;
  logger: PinoLogger;
  registry: Registry;
  /** the address it will listen on: reads are open without a token only on loopback */
  listen: { host: string; port: number };
  modules: () => Readonly<Record<string, ProbeModule>>;
  resolver?: HostResolver;
  /** the dashboard's live events; a fresh hub when absent (nothing publishes to it then) */
  hub?: EventHub;
  /** the page's built scripts and styles; default dist/web/assets */
  assets?: DashboardAssets;
  /** per API token on the POST routes (events, deploys); default DEFAULT_POST_RATE_LIMIT */
  postRateLimit?: RateLimit;
}

/**
 * The daemon's one HTTP server (watchRoutes on a fastify instance with the daemon's logger).
 */
export async function buildWatchServer(options: WatchServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // Prometheus scrapes every few seconds: a line per request would bury the watch's own lines.
    logController: new LogController({ disableRequestLogging: true }),
    // The API's bodies are small and the probes bound their own time; a slow client must not hold a socket.
    connectionTimeout: 30_000,
    requestTimeout: 60_000,
    // Target ids contain ':' and '@' and, URL-encoded, '%2F': keep them whole in the path parameter.
    routerOptions: { maxParamLength: 2_000 },
  });
  await registerWatchRoutes(app, options);
  return app;
}

/**
 * Every route of the daemon on `app`: the auth hook over everything, `/healthz` and `/readyz`, the read API
 * and its OpenAPI document, the change timeline (agents' events, deploy marks), the event stream,
 * `/metrics`, blackbox_exporter's `/probe` and the dashboard.
 */
export async function registerWatchRoutes(
  app: FastifyInstance,
  options: Omit<WatchServerOptions, 'logger'>,
): Promise<void> {
  await app.register(apiAuth, { tokens: options.view.tokens, listen: options.listen });
  await app.register(healthRoutes, { view: options.view });
  await app.register(apiRoutes, { view: options.view });
  await app.register(incidentRoutes, { view: options.view });
  await app.register(deliveriesRoutes, { view: options.view });
  await app.register(maintenanceRoutes, { view: options.view });
  await app.register(timelineRoutes, {
    view: options.view,
    ...(options.postRateLimit === undefined ? {} : { rateLimit: options.postRateLimit }),
  });
  const document = buildOpenApiDocument(options.view.version);
  app.get('/api/v1/openapi.json', async () => document);
  const hub = options.hub ?? createEventHub();
  await app.register(streamRoute, { hub });
  await app.register(metricsRoute, { registry: options.registry });
  await app.register(probeRoutes, {
    modules: options.modules,
    ...(options.resolver === undefined ? {} : { resolver: options.resolver }),
  });
  await app.register(dashboardRoutes, {
    view: options.view,
    hub,
    assets: options.assets ?? loadDashboardAssets(),
  });
}
