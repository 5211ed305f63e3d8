import type { CertificateSummary } from '../diagnose/target-result.js';
import type { TargetRound } from '../incidents/round.js';
import type { FleetTarget } from './fleet-target.js';
import { formatUtc } from './format-time.js';
import { html, type SafeHtml } from './html.js';
import { renderShape } from './render-shapes.js';
import { lookClasses, SEVERITY_WORDS, severityOf } from './verdict-look.js';
import { renderVerdictStrip, type StripPoint } from './verdict-strip.js';

/** The ranges the target page offers; the history API picks raw rounds or rollups by their length. */
export const TARGET_RANGES = ['1h', '6h', '24h', '7d', '30d'] as const;
export type TargetRange = (typeof TARGET_RANGES)[number];

export interface TargetPageModel {
  target: FleetTarget;
  /** the latest round in full (certificate, evidence), null before the first */
  latest: TargetRound | null;
  lastFailure: TargetRound | null;
  /** the newest round that got through: its certificate stands in while the latest round has none */
  lastPass: TargetRound | null;
  range: TargetRange;
  history: { resolution: string; points: StripPoint[]; truncated: boolean };
  /** days a certificate may have left before it counts as expiring */
  certMinDays: number;
}

/**
 * The target page: its verdict now, the verdict history over the chosen range as a strip, the latency
 * per phase (a chart the page's script draws from the history API), the certificate and days left, and
 * the evidence of the last failing observation.
 */
export function renderTargetMain(model: TargetPageModel): SafeHtml {
  const { target, latest } = model;
  const verdict = latest?.result.verdict ?? null;
  const severity = severityOf(verdict);
  return html`<main id="target" data-target-id="${target.id}" data-range="${model.range}">
<p><a href="/">← fleet</a></p>
<h1>${target.name}</h1>
<p><span class="badge ${lookClasses(verdict, latest?.result.layer)}">${renderShape(severity)}${verdict ?? 'pending'}</span>
<span class="sr-only">${SEVERITY_WORDS[severity]}</span> ${latest === null ? 'not probed yet' : html`${latest.result.summary} <span class="muted">(${formatUtc(latest.at)})</span>`}</p>
<dl class="facts">
<dt>URL</dt><dd>${target.url}</dd>
<dt>path</dt><dd>${target.via === 'edge' ? 'through the edge' : `pinned to origin ${target.via}`}${latest?.result.connectTo ? ` (${latest.result.connectTo})` : ''}</dd>
<dt>site</dt><dd>${target.site ?? '-'}${target.environment === null ? '' : ` · ${target.environment}`}</dd>
<dt>interval</dt><dd>${Math.round(target.intervalMs / 1000)} s</dd>
<dt>id</dt><dd><code>${target.id}</code></dd>
</dl>
<h2>History</h2>
<nav class="ranges" aria-label="Range">${TARGET_RANGES.map((range) =>
    range === model.range
      ? html`<strong aria-current="page">${range}</strong>`
      : html`<a href="?range=${range}">${range}</a>`,
  )}</nav>
<p class="muted">${model.history.resolution === 'raw' ? 'every round' : `${model.history.resolution} rollups`}${model.history.truncated ? ' (the latest 5000)' : ''}</p>
${renderVerdictStrip(model.history.points)}
<h2 id="latency-heading">Latency per phase</h2>
<div id="latency-chart" class="chart" role="img" aria-labelledby="latency-heading"><noscript>The chart needs JavaScript; the same figures are at <a href="/api/v1/targets/${encodeURIComponent(target.id)}/history?since=${model.range}">the history API</a>.</noscript></div>
<h2>Certificate</h2>
${renderCertificateSection(model)}
<h2>Last failing observation</h2>
${renderObservation(model.lastFailure)}
</main>`;
}

/**
 * The latest round's certificate; when that round completed no handshake (a refused connection, a
 * timeout), the one the last passing round saw, saying when: an outage is when its days left are asked.
 */
function renderCertificateSection(model: TargetPageModel): SafeHtml {
  const current = model.latest?.result.certificate;
  const seen = model.lastPass?.result.certificate;
  if (current !== undefined || seen === undefined || model.lastPass === null)
    return renderCertificate(current, model.certMinDays);
  return html`<p class="muted" id="certificate-seen">The latest round completed no TLS handshake; this is the certificate the last passing round saw, at ${formatUtc(model.lastPass.at)}.</p>
${renderCertificate(seen, model.certMinDays)}`;
}

function renderCertificate(certificate: CertificateSummary | undefined, minDays: number): SafeHtml {
  if (certificate === undefined)
    return html`<p class="muted">No certificate (plain HTTP, or no TLS handshake completed).</p>`;
  const days = certificate.daysLeft;
  const severity = days === null ? 'none' : days < 0 ? 'fail' : days < minDays ? 'warn' : 'ok';
  const words = days === null ? 'unknown' : days < 0 ? `expired ${-days} days ago` : `${days} days left`;
  return html`<p><span class="badge ${severity === 'fail' ? 'sev-fail layer-tls' : `sev-${severity}`}">${renderShape(severity)}${words}</span></p>
<dl class="facts">
<dt>subject</dt><dd>${certificate.subject}</dd>
<dt>names</dt><dd>${certificate.subjectAltNames.join(', ') || '-'}</dd>
<dt>issuer</dt><dd>${certificate.issuer}</dd>
<dt>valid</dt><dd>${formatUtc(certificate.notBefore)} to ${formatUtc(certificate.notAfter)}</dd>
<dt>trusted</dt><dd>${certificate.trusted ? 'yes' : 'no'}${certificate.coversName === false ? '; does not cover this hostname' : ''}</dd>
</dl>`;
}

function renderObservation(round: TargetRound | null): SafeHtml {
  if (round === null) return html`<p class="muted">No failing round is kept for this target.</p>`;
  const { result } = round;
  return html`<p><span class="badge ${lookClasses(result.verdict, result.layer)}">${renderShape(severityOf(result.verdict))}${result.verdict}</span> layer ${result.layer} · ${formatUtc(round.at)} · ${round.reason}${result.status === null ? '' : ` · HTTP ${result.status}`}</p>
<p>${result.summary}</p>
<pre class="evidence">${result.evidence.join('\n')}</pre>`;
}
