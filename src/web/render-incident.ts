import type { IncidentDossier } from '../incidents/incident-dossier.js';
import { buildIncidentTimeline } from '../incidents/incident-timeline.js';
import { formatDuration, formatUtc } from './format-time.js';
import { html, type SafeHtml } from './html.js';
import type { IncidentEntry } from './incident-entry.js';
import { incidentHref, targetHref } from './render-fleet.js';
import { renderShape } from './render-shapes.js';

export interface IncidentPageModel {
  dossier: IncidentDossier;
  writeup: string;
  nowMs: number;
}

/** Targets listed on the page; the write-up and the API carry them all. */
const TARGET_ROWS = 200;

/**
 * The incident page: cause and layer, detection and duration, the affected targets, the timeline, the last
 * failing evidence and the drafted write-up (a read-only text area the page's script can copy and the
 * link downloads; both work as plain links without it).
 */
export function renderIncidentMain(model: IncidentPageModel): SafeHtml {
  const { dossier } = model;
  const endMs = dossier.resolvedAt === null ? model.nowMs : Date.parse(dossier.resolvedAt);
  const writeupHref = `/api/v1/incidents/${encodeURIComponent(dossier.id)}/writeup`;
  return html`<main id="incident" data-incident-id="${dossier.id}">
<p><a href="/incidents">← incidents</a></p>
<h1>${renderShape(dossier.status === 'open' ? 'fail' : 'ok')} ${dossier.title}</h1>
<dl class="facts">
<dt>status</dt><dd>${dossier.status}${dossier.flapping ? ' (flapping)' : ''} · policy ${dossier.policy}</dd>
<dt>cause</dt><dd>${dossier.cause.code} <code>${dossier.cause.key}</code>${dossier.cause.previousKeys.length === 0 ? '' : html` (was <code>${dossier.cause.previousKeys.join(', ')}</code>)`}</dd>
<dt>layer</dt><dd>${dossier.layer} (${dossier.verdicts.join(', ')})</dd>
<dt>why</dt><dd>${dossier.cause.summary}</dd>
<dt>origins</dt><dd>${dossier.origins.join(', ') || '-'}</dd>
<dt>first failure</dt><dd>${formatUtc(dossier.firstFailureAt)}</dd>
<dt>opened</dt><dd>${formatUtc(dossier.openedAt)} (detected ${formatDuration(Date.parse(dossier.openedAt) - Date.parse(dossier.firstFailureAt))} after the first failure)</dd>
<dt>duration</dt><dd>${formatDuration(endMs - Date.parse(dossier.firstFailureAt))}${dossier.resolvedAt === null ? ' so far' : ` (resolved ${formatUtc(dossier.resolvedAt)})`}</dd>
<dt>impact</dt><dd>${dossier.targets.length} targets, ${dossier.hostnames.length} hostnames; ${dossier.requests.failed} of ${dossier.requests.total} probe requests failed</dd>
</dl>
<h2>Affected targets</h2>
<table class="list"><thead><tr><th scope="col">target</th><th scope="col">verdict</th><th scope="col">first failure</th><th scope="col">recovered</th><th scope="col">requests failed</th></tr></thead>
<tbody>${dossier.targets
    .slice(0, TARGET_ROWS)
    .map(
      (target) =>
        html`<tr><td><a href="${targetHref(target.id)}">${target.name}</a></td><td>${target.verdicts.join(', ') || '-'}</td><td>${target.firstFailureAt === null ? '-' : formatUtc(target.firstFailureAt)}</td><td>${target.recoveredAt === null ? (dossier.status === 'open' ? 'still failing' : '-') : formatUtc(target.recoveredAt)}</td><td>${target.failedRequests} of ${target.requests}</td></tr>`,
    )}</tbody></table>
${dossier.targets.length > TARGET_ROWS ? html`<p class="muted">and ${dossier.targets.length - TARGET_ROWS} more (all in the write-up)</p>` : ''}
<h2>Timeline</h2>
<ol class="timeline">${buildIncidentTimeline(dossier).map(
    (entry) =>
      html`<li data-kind="${entry.kind}"><time datetime="${entry.at}">${formatUtc(entry.at)}</time>${entry.text}</li>`,
  )}</ol>
<h2>Evidence</h2>
${
  dossier.evidence === null
    ? html`<p class="muted">No failing observation is kept.</p>`
    : html`<p>${dossier.evidence.target} at ${formatUtc(dossier.evidence.at)}: <strong>${dossier.evidence.verdict}</strong> (layer ${dossier.evidence.layer})</p>
<pre class="evidence">${[dossier.evidence.summary, ...dossier.evidence.evidence].join('\n')}</pre>`
}
<h2 id="writeup-heading">Write-up (draft)</h2>
<div class="actions"><a href="${writeupHref}?download=1" download>Download Markdown</a> <button type="button" id="copy-writeup" hidden>Copy</button> <span id="copy-status" role="status"></span></div>
<textarea id="writeup" class="writeup" readonly aria-labelledby="writeup-heading">${model.writeup}</textarea>
</main>`;
}

/** The incidents page: open first, then the latest resolved. */
export function renderIncidentListMain(incidents: readonly IncidentEntry[] | null, nowMs: number): SafeHtml {
  if (incidents === null) return html`<main><h1>Incidents</h1><p>This daemon keeps no incidents.</p></main>`;
  const row = (incident: IncidentEntry) => {
    const endMs = incident.resolvedAt === null ? nowMs : Date.parse(incident.resolvedAt);
    return html`<tr><td>${renderShape(incident.status === 'open' ? 'fail' : 'ok')} ${incident.status}</td><td><a href="${incidentHref(incident.id)}">${incident.title}</a></td><td>${incident.layer}</td><td>${formatUtc(incident.openedAt)}</td><td>${formatDuration(endMs - Date.parse(incident.openedAt))}</td></tr>`;
  };
  const ordered = [...incidents].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open'));
  return html`<main><h1>Incidents</h1>
${ordered.length === 0 ? html`<p>No incidents yet.</p>` : html`<table class="list"><thead><tr><th scope="col">status</th><th scope="col">incident</th><th scope="col">layer</th><th scope="col">opened</th><th scope="col">open for</th></tr></thead><tbody>${ordered.map(row)}</tbody></table>`}
</main>`;
}
