import { FILTER_LAYERS, type FleetFilters, hasFilters, writeFleetFilters } from './fleet-filters.js';
import type { FleetMatrix, MatrixGroup } from './fleet-matrix.js';
import type { FleetTarget } from './fleet-target.js';
import { formatDuration, formatUtc } from './format-time.js';
import { html, type SafeHtml } from './html.js';
import type { IncidentEntry } from './incident-entry.js';
import { renderShape } from './render-shapes.js';
import { lookClasses, SEVERITY_WORDS, severityOf, verdictLabel } from './verdict-look.js';

export interface FleetPageModel {
  matrix: FleetMatrix;
  filters: FleetFilters;
  /** open incidents, newest first; null while the daemon keeps none */
  incidents: IncidentEntry[] | null;
  /** the stream's position when this page was rendered: the client resumes from it */
  streamPosition: string;
  nowMs: number;
}

/** The href of a target's page. */
export function targetHref(id: string): string {
  return `/targets/${encodeURIComponent(id)}`;
}

export function incidentHref(id: string): string {
  return `/incidents/${encodeURIComponent(id)}`;
}

/** The fleet page's main content: incidents on top, then filters, the matrix and its pager. */
export function renderFleetMain(model: FleetPageModel): SafeHtml {
  const { matrix } = model;
  return html`<main id="fleet" data-stream-position="${model.streamPosition}">
<section id="incidents" aria-labelledby="incidents-heading">
<h2 id="incidents-heading" class="sr-only">Open incidents</h2>
<div id="incident-banners" aria-live="polite">${renderIncidentBanners(model.incidents, model.nowMs)}</div>
</section>
${renderCounts(matrix)}
${renderFilterForm(matrix, model.filters)}
${renderLegend()}
<div id="matrix-area">
<div class="matrix-scroll">
<table class="matrix" id="matrix" aria-label="Verdict of every hostname by path">
<thead><tr><th scope="col" class="host-col">hostname</th>${matrix.columns.map(
    (column) => html`<th scope="col" data-path="${column}">${column}</th>`,
  )}</tr></thead>
${matrix.groups.map((group) => renderGroup(group, matrix.columns.length))}
</table>
</div>
${matrix.rowCount === 0 ? html`<p class="empty-note">No hostname matches these filters.</p>` : ''}
${renderPager(matrix, model.filters)}
</div>
</main>`;
}

function renderCounts(matrix: FleetMatrix): SafeHtml {
  const { counts } = matrix;
  return html`<p class="counts" id="counts"><span data-count="targets">${counts.targets}</span> targets:
<span class="count sev-fail-text" data-count="failing">${counts.failing}</span> failing,
<span data-count="warning">${counts.warning}</span> warning,
<span data-count="pending">${counts.pending}</span> pending.
<span id="live" class="live" data-state="off">Updates when the page is reloaded.</span></p>`;
}

/** The banners of open incidents, most recent first; also re-rendered by the client on every change. */
export function renderIncidentBanners(incidents: readonly IncidentEntry[] | null, nowMs: number): SafeHtml {
  if (incidents === null) return html``;
  if (incidents.length === 0)
    return html`<p class="no-incidents">${renderShape('ok')} No open incidents.</p>`;
  return html`<ul class="banners">${incidents.map(
    (incident) => html`<li class="banner" data-incident="${incident.id}">
${renderShape('fail')}<a href="${incidentHref(incident.id)}"><strong>${incident.title}</strong></a>
<span class="banner-facts">layer ${incident.layer} · ${incident.cause.code} · since ${formatUtc(incident.openedAt)} (${formatDuration(nowMs - Date.parse(incident.openedAt))}) · ${incident.targetCount} ${incident.targetCount === 1 ? 'target' : 'targets'}${incident.flapping ? ' · flapping' : ''}</span>
</li>`,
  )}</ul>`;
}

function renderGroup(group: MatrixGroup, columnCount: number): SafeHtml {
  const label = [group.environment ?? 'no environment', group.site ?? 'no site'].join(' · ');
  return html`<tbody data-environment="${group.environment ?? ''}" data-site="${group.site ?? ''}">
<tr class="group"><th scope="rowgroup" colspan="${columnCount + 1}">${label}</th></tr>
${group.rows.map(
  (row) =>
    html`<tr><th scope="row" class="host">${row.hostname}</th>${row.cells.map((cell) => renderCell(cell))}</tr>`,
)}
</tbody>`;
}

/**
 * One cell: a link to the target's page carrying the verdict's shape and identifier, with the summary
 * in a tooltip that CSS shows on hover and on keyboard focus (no script needed). `data-id` lets the
 * client find the cell again when the stream says the target changed.
 */
export function renderCell(target: FleetTarget | null): SafeHtml {
  if (target === null)
    return html`<td class="cell-empty"><span aria-hidden="true">·</span><span class="sr-only">not served here</span></td>`;
  return html`<td data-id="${target.id}" data-name="${target.name}">${renderCellLink(target)}</td>`;
}

/** The inside of a filled cell (the client swaps it when the target's verdict changes). */
export function renderCellLink(target: Pick<FleetTarget, 'id' | 'name' | 'latest'>): SafeHtml {
  const latest = target.latest;
  const verdict = latest?.verdict ?? null;
  const severity = severityOf(verdict);
  const summary = latest === null ? `${target.name}: not probed yet` : `${latest.summary}`;
  const when = latest === null ? '' : ` (${formatUtc(latest.at)})`;
  return html`<a class="cell ${lookClasses(verdict, latest?.layer)}" href="${targetHref(target.id)}" data-verdict="${verdict ?? ''}" data-layer="${latest?.layer ?? ''}" aria-label="${target.name}: ${SEVERITY_WORDS[severity]}, ${verdictLabel(verdict)}">${renderShape(severity)}<span class="verdict">${breakable(verdictLabel(verdict))}</span><span class="tip" role="tooltip">${summary}${when}</span></a>`;
}

/** `connect_refused` with a break opportunity after each underscore. */
function breakable(label: string): SafeHtml[] {
  const parts = label.split('_');
  return parts.map((part, index) => (index < parts.length - 1 ? html`${part}_<wbr>` : html`${part}`));
}

function renderFilterForm(matrix: FleetMatrix, filters: FleetFilters): SafeHtml {
  const select = (name: string, label: string, values: readonly string[], chosen: readonly string[]) =>
    html`<label>${label} <select name="${name}" data-filter="${name}"><option value="">all</option>${values.map(
      (value) =>
        html`<option value="${value}"${chosen.includes(value) ? html` selected` : ''}>${value}</option>`,
    )}</select></label>`;
  return html`<form class="filters" method="get" action="/" id="filters" role="search" aria-label="Filters">
${select('env', 'environment', matrix.choices.environments, filters.environments)}
${select('site', 'site', matrix.choices.sites, filters.sites)}
${select('origin', 'path', matrix.choices.paths, filters.paths)}
${select('layer', 'failing at layer', FILTER_LAYERS, filters.layers)}
<button type="submit">Apply</button>${hasFilters(filters) ? html` <a href="/">clear filters</a>` : ''}
</form>`;
}

function renderLegend(): SafeHtml {
  const item = (severity: 'ok' | 'warn' | 'fail' | 'none', text: string) =>
    html`<li><span class="badge ${severity === 'fail' ? 'sev-fail layer-connect' : `sev-${severity}`}">${renderShape(severity)}${SEVERITY_WORDS[severity]}</span> ${text}</li>`;
  return html`<details class="legend"><summary>Legend</summary><ul>
${item('ok', 'every expectation held')}
${item('warn', 'served, but slow or a certificate expiring soon')}
${item('fail', 'failing; the colour names the layer, the text the verdict')}
${item('none', 'not probed yet')}
</ul><p>Each cell links to its target. Arrow keys move between cells; the summary shows on focus.</p></details>`;
}

function renderPager(matrix: FleetMatrix, filters: FleetFilters): SafeHtml {
  if (matrix.pages <= 1) return html``;
  const link = (page: number, text: string) =>
    html`<a href="/?${writeFleetFilters({ ...filters, page })}" rel="${page < matrix.page ? 'prev' : 'next'}">${text}</a>`;
  return html`<nav class="pager" aria-label="Pages">
${matrix.page > 1 ? link(matrix.page - 1, '← previous') : ''}
<span>page ${matrix.page} of ${matrix.pages} (${matrix.rowCount} hostnames)</span>
${matrix.page < matrix.pages ? link(matrix.page + 1, 'next →') : ''}
</nav>`;
}
