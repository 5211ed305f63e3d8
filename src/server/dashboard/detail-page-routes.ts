import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { DEFAULT_CERT_MIN_DAYS } from '../../diagnose/certificate-days.js';
import { renderIncidentWriteup } from '../../report/render-incident-writeup.js';
import { readTimeline, readTimelineCursor } from '../../store/read-events.js';
import { readHistory } from '../../store/read-history.js';
import { readLastRound } from '../../store/read-last-round.js';
import { html } from '../../web/html.js';
import {
  CHANGE_RANGES,
  type ChangeRange,
  changeKeyOf,
  DEFAULT_CHANGE_RANGE,
  renderChangesMain,
} from '../../web/render-changes.js';
import { renderIncidentListMain, renderIncidentMain } from '../../web/render-incident.js';
import { type PageScript, renderPage } from '../../web/render-page.js';
import { renderTargetMain, TARGET_RANGES, type TargetRange } from '../../web/render-target.js';
import { describeTarget } from '../api/describe-target.js';
import { readTimeParam } from '../api/read-time-param.js';
import { requireScope } from '../auth/auth-hook.js';
import type { DashboardContext } from './fleet-page-route.js';

/** Entries on one page of `/changes`: older ones are a cursor away. */
const CHANGES_PAGE_SIZE = 100;

/**
 * `/targets/{id}`, `/incidents`, `/incidents/{id}` and `/changes`: server-rendered, each with its page
 * script.
 */
export const detailPageRoutes: FastifyPluginAsync<DashboardContext> = async (app, { view, hub, assets }) => {
  const guard = requireScope('read');
  const page = (reply: FastifyReply, title: string, script: PageScript, main: ReturnType<typeof html>) =>
    reply
      .type('text/html; charset=utf-8')
      .send(renderPage({ title, script, asset: assets.href, main, version: view.version }));
  const missing = (reply: FastifyReply, what: string) =>
    page(
      reply.code(404),
      'not found',
      'fleet',
      html`<main><h1>Not found</h1><p>${what}</p><p><a href="/">back to the fleet</a></p></main>`,
    );

  app.get<{ Params: { id: string }; Querystring: { range?: string } }>(
    '/targets/:id',
    { preHandler: guard },
    async (request, reply) => {
      const entry = view.watch.plan()?.targets.find((candidate) => candidate.id === request.params.id);
      if (entry === undefined) return missing(reply, `No configured target has the id ${request.params.id}.`);
      const range: TargetRange = (TARGET_RANGES as readonly string[]).includes(request.query.range ?? '')
        ? (request.query.range as TargetRange)
        : '6h';
      const now = view.now();
      const since = readTimeParam(range, now);
      const latest = view.watch.latest().get(entry.id) ?? null;
      const [history, lastFailure, lastPass] = await Promise.all([
        readHistory(view.store, {
          targetId: entry.id,
          sinceMs: since.ok ? since.value : now - 6 * 3_600_000,
          untilMs: now,
        }),
        readLastRound(view.store, entry.id, false),
        readLastRound(view.store, entry.id, true),
      ]);
      const main = renderTargetMain({
        target: describeTarget(entry, latest ?? undefined),
        latest,
        lastFailure: lastFailure ?? null,
        lastPass: lastPass ?? null,
        range,
        history,
        certMinDays: entry.target.expect.certMinDays ?? DEFAULT_CERT_MIN_DAYS,
      });
      return page(reply, entry.target.name, 'target', main);
    },
  );

  app.get('/incidents', { preHandler: guard }, async (_request, reply) => {
    const incidents =
      view.incidents === undefined ? null : await view.incidents.list({ state: 'all', limit: 200 });
    return page(reply, 'incidents', 'fleet', renderIncidentListMain(incidents, view.now()));
  });

  app.get<{ Querystring: { origin?: string; since?: string; after?: string } }>(
    '/changes',
    { preHandler: guard },
    async (request, reply) => {
      const query = request.query;
      const range: ChangeRange = (CHANGE_RANGES as readonly string[]).includes(query.since ?? '')
        ? (query.since as ChangeRange)
        : DEFAULT_CHANGE_RANGE;
      const origin = query.origin === undefined || query.origin === '' ? null : query.origin;
      // A cursor that is not one of ours starts from the newest, as a bad range falls back to the default.
      const after = query.after === undefined ? null : readTimelineCursor(query.after);
      const now = view.now();
      const since = readTimeParam(range, now);
      // Taken before the read: a change stored meanwhile arrives as an event and the page fetches itself.
      const streamPosition = hub.position();
      const timeline = await readTimeline(view.store, {
        ...(origin === null ? {} : { origin }),
        sinceMs: since.ok ? since.value : now - 24 * 3_600_000,
        untilMs: now,
        limit: CHANGES_PAGE_SIZE,
        newestFirst: true,
        ...(after === null ? {} : { after }),
      });
      const times = timeline.entries.map((entry) => Date.parse(entry.at));
      const incidents =
        view.incidents === undefined
          ? null
          : await view.incidents.changeIncidents({
              keys: timeline.entries.map(changeKeyOf),
              fromMs: Math.min(...times),
              untilMs: Math.max(...times),
            });
      const origins = [
        ...new Set((view.watch.plan()?.targets ?? []).flatMap((entry) => entry.origin ?? [])),
      ].sort();
      const main = renderChangesMain({
        entries: timeline.entries,
        incidents,
        origin,
        origins,
        range,
        paged: after !== null,
        next: timeline.next,
        streamPosition,
      });
      return page(reply, 'changes', 'changes', main);
    },
  );

  app.get<{ Params: { id: string } }>('/incidents/:id', { preHandler: guard }, async (request, reply) => {
    const dossier = await view.incidents?.dossier(request.params.id);
    if (dossier === undefined) return missing(reply, `No incident ${request.params.id} is kept.`);
    const nowMs = view.now();
    const writeup = renderIncidentWriteup(dossier, { nowMs, version: view.version });
    return page(reply, dossier.title, 'incident', renderIncidentMain({ dossier, writeup, nowMs }));
  });
};
