import type { FastifyPluginAsync } from 'fastify';
import { readFleetFilters } from '../../web/fleet-filters.js';
import { buildFleetMatrix } from '../../web/fleet-matrix.js';
import { renderFleetMain } from '../../web/render-fleet.js';
import { renderPage } from '../../web/render-page.js';
import type { DaemonView } from '../api/daemon-view.js';
import { describeTarget } from '../api/describe-target.js';
import { requireScope } from '../auth/auth-hook.js';
import type { EventHub } from '../stream/event-hub.js';
import type { DashboardAssets } from './dashboard-assets.js';

export interface DashboardContext {
  view: DaemonView;
  hub: EventHub;
  assets: DashboardAssets;
}

/** How many open incidents the fleet page lists on top. */
const BANNER_LIMIT = 20;

/**
 * `GET /`: the fleet matrix, rendered in full on the server (the first paint needs no script), filtered
 * and paged by the query string. The page records the stream position it was rendered at, so its script
 * resumes the stream from there and misses nothing in between.
 */
export const fleetPageRoute: FastifyPluginAsync<DashboardContext> = async (app, { view, hub, assets }) => {
  app.get('/', { preHandler: requireScope('read') }, async (request, reply) => {
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    const filters = readFleetFilters(query);
    const position = hub.position();
    const latest = view.watch.latest();
    const targets = (view.watch.plan()?.targets ?? []).map((entry) =>
      describeTarget(entry, latest.get(entry.id)),
    );
    const incidents =
      view.incidents === undefined ? null : await view.incidents.list({ state: 'open', limit: BANNER_LIMIT });
    const main = renderFleetMain({
      matrix: buildFleetMatrix(targets, filters),
      filters,
      incidents,
      streamPosition: position,
      nowMs: view.now(),
    });
    return reply
      .type('text/html; charset=utf-8')
      .send(renderPage({ title: 'fleet', script: 'fleet', asset: assets.href, main, version: view.version }));
  });
};
