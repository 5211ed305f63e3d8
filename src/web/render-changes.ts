import { describeDeployMark } from '../incidents/describe-deploy-mark.js';
import { describeHostEvent } from '../incidents/describe-host-event.js';
import { deployChangeKey, hostChangeKey } from '../incidents/make-change.js';
import type { ChangeIncident } from '../store/read-change-incidents.js';
import { type TimelineCursor, type TimelineEntry, writeTimelineCursor } from '../store/read-events.js';
import { formatUtc } from './format-time.js';
import { html, type SafeHtml } from './html.js';
import { incidentHref } from './render-fleet.js';

/** The ranges the changes page offers, as look-backs from now. */
export const CHANGE_RANGES = ['2h', '24h', '7d', '30d'] as const;
export type ChangeRange = (typeof CHANGE_RANGES)[number];
export const DEFAULT_CHANGE_RANGE: ChangeRange = '24h';

export interface ChangesPageModel {
  /** newest first */
  entries: readonly TimelineEntry[];
  /** by change key (changeKeyOf): the incidents that carry it; null when the daemon keeps no incidents */
  incidents: ReadonlyMap<string, readonly ChangeIncident[]> | null;
  origin: string | null;
  /** origins offered by the filter */
  origins: readonly string[];
  range: ChangeRange;
  /** this page started after a cursor (it is not the newest page) */
  paged: boolean;
  next: TimelineCursor | null;
  /** the event stream's position when the page was rendered: its script resumes from there */
  streamPosition: string;
}

/** The key an incident's `changes` know this entry by (make-change.ts). */
export function changeKeyOf(entry: TimelineEntry): string {
  return entry.kind === 'host' ? hostChangeKey(entry.event) : deployChangeKey(entry.id);
}

/** `/changes?origin=web1&since=7d&after=...`: the filters kept, the defaults left out. */
export function changesHref(filters: {
  origin: string | null;
  range: ChangeRange;
  after?: TimelineCursor;
}): string {
  const query = new URLSearchParams();
  if (filters.origin !== null) query.set('origin', filters.origin);
  if (filters.range !== DEFAULT_CHANGE_RANGE) query.set('since', filters.range);
  if (filters.after !== undefined) query.set('after', writeTimelineCursor(filters.after));
  const text = query.toString();
  return text === '' ? '/changes' : `/changes?${text}`;
}

/**
 * The change timeline: what agents reported and deploys marked, newest first, each with its one line, a
 * drift's diff folded away, and the incidents that carry it. Every word from an agent is escaped.
 */
export function renderChangesMain(model: ChangesPageModel): SafeHtml {
  const where = model.origin === null ? '' : html` on ${model.origin}`;
  // A page further back says newer changes arrived; the newest page takes them in (client/changes-page.ts).
  return html`<main id="changes" data-stream-position="${model.streamPosition}" data-paged="${model.paged ? 'yes' : 'no'}"><h1>Changes</h1>
${renderFilterForm(model)}
<p class="live-line"><span id="live" class="live" data-state="off">Updates when the page is reloaded.</span></p>
<p id="changes-fresh" class="fresh-note" role="status" hidden>Newer changes arrived: <a href="${changesHref({ origin: model.origin, range: model.range })}">show the newest</a>.</p>
<div id="changes-list">${
    model.entries.length === 0
      ? html`<p class="empty-note">No changes${where} in the last ${model.range}${model.paged ? ' beyond the previous page' : ''}.</p>`
      : html`<table class="list changes"><thead><tr><th scope="col">time</th><th scope="col">origin</th><th scope="col">kind</th><th scope="col">change</th><th scope="col">incident</th></tr></thead>
<tbody>${model.entries.map((entry) => renderEntry(entry, model.incidents))}</tbody></table>`
  }
${renderPager(model)}</div>
</main>`;
}

function renderEntry(
  entry: TimelineEntry,
  incidents: ReadonlyMap<string, readonly ChangeIncident[]> | null,
): SafeHtml {
  const origin = entry.kind === 'host' ? entry.event.origin : entry.mark.origins.join(', ') || '-';
  const kind = entry.kind === 'host' ? entry.event.type : 'deploy';
  const line = entry.kind === 'host' ? describeHostEvent(entry.event) : describeDeployMark(entry.mark);
  const carriers = incidents?.get(changeKeyOf(entry)) ?? [];
  return html`<tr data-kind="${kind}"><td><time datetime="${entry.at}">${formatUtc(entry.at)}</time></td><td>${origin}</td><td><code>${kind}</code></td><td>${line}${renderDiff(entry)}</td><td>${
    carriers.length === 0
      ? '-'
      : carriers.map(
          (incident, index) =>
            html`${index > 0 ? ', ' : ''}<a href="${incidentHref(incident.id)}">${incident.title}</a>`,
        )
  }</td></tr>`;
}

function renderDiff(entry: TimelineEntry): SafeHtml | '' {
  if (entry.kind !== 'host' || entry.event.type !== 'config_drift_appeared') return '';
  const { diff, diffTruncated } = entry.event;
  const lines = diff === '' ? 0 : diff.split('\n').filter((line) => line !== '').length;
  return html`<details class="diff"><summary>diff (${lines} lines${diffTruncated ? ', cut short by the agent' : ''})</summary><pre class="evidence">${diff}</pre></details>`;
}

function renderFilterForm(model: ChangesPageModel): SafeHtml {
  const origins =
    model.origin === null || model.origins.includes(model.origin)
      ? model.origins
      : [...model.origins, model.origin];
  return html`<form class="filters" method="get" action="/changes" role="search" aria-label="Filters">
<label>origin <select name="origin"><option value="">all</option>${origins.map(
    (origin) =>
      html`<option value="${origin}"${origin === model.origin ? html` selected` : ''}>${origin}</option>`,
  )}</select></label>
<label>since <select name="since">${CHANGE_RANGES.map(
    (range) =>
      html`<option value="${range}"${range === model.range ? html` selected` : ''}>${range}</option>`,
  )}</select></label>
<button type="submit">Apply</button>
</form>`;
}

function renderPager(model: ChangesPageModel): SafeHtml {
  if (!model.paged && model.next === null) return html``;
  const filters = { origin: model.origin, range: model.range };
  return html`<nav class="pager" aria-label="Pages">
${model.paged ? html`<a href="${changesHref(filters)}">← newest</a>` : ''}
${model.next === null ? '' : html`<a href="${changesHref({ ...filters, after: model.next })}" rel="next">older →</a>`}
</nav>`;
}
