import type { Layer, Verdict } from '../diagnose/verdict.js';
import { VERDICT_LAYER } from '../diagnose/verdict.js';
import { html, type SafeHtml } from './html.js';
import { lookClasses, severityOf } from './verdict-look.js';

/** One slot of the strip: a raw round's verdict, or a bucket's rounds per verdict. */
export interface StripPoint {
  at: string;
  verdict?: string;
  verdicts?: Record<string, number>;
}

/** The verdict a slot is drawn with: its own, or a bucket's worst (any failure beats a warning beats ok). */
export function slotVerdict(point: StripPoint): Verdict | null {
  if (point.verdict !== undefined) return point.verdict as Verdict;
  const counted = Object.entries(point.verdicts ?? {}).filter(([, rounds]) => rounds > 0);
  const rank = (verdict: string) => ({ fail: 3, warn: 2, ok: 1, none: 0 })[severityOf(verdict as Verdict)];
  const worst = counted.sort((a, b) => rank(b[0]) - rank(a[0]) || b[1] - a[1])[0];
  return worst === undefined ? null : (worst[0] as Verdict);
}

/**
 * The verdict history as a strip: one slot per round or bucket, in time order, each drawn in its
 * verdict's colour and, for a failure, with a darker top edge; a title per slot names the verdict and
 * time, and a text summary below says the same for those who cannot see the colours.
 */
export function renderVerdictStrip(points: readonly StripPoint[]): SafeHtml {
  if (points.length === 0) return html`<p class="muted">No rounds in this range.</p>`;
  const width = 1000;
  const slot = width / points.length;
  const counts = new Map<string, number>();
  const rects = points.map((point, index) => {
    const verdict = slotVerdict(point);
    counts.set(verdict ?? 'none', (counts.get(verdict ?? 'none') ?? 0) + 1);
    const layer: Layer | undefined = verdict === null ? undefined : VERDICT_LAYER[verdict];
    const failing = severityOf(verdict) === 'fail';
    return html`<rect class="${lookClasses(verdict, layer)}" x="${(index * slot).toFixed(2)}" y="${failing ? 0 : 6}" width="${Math.max(slot, 1).toFixed(2)}" height="${failing ? 28 : 22}"><title>${point.at}: ${verdict ?? 'no result'}</title></rect>`;
  });
  const summary = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([verdict, count]) => `${verdict} ${count}`)
    .join(', ');
  return html`<svg class="strip" viewBox="0 0 ${width} 28" preserveAspectRatio="none" role="img" aria-label="Verdict history: ${summary}">${rects}</svg>
<p class="strip-legend">Slots, oldest first: ${summary}. Failures are drawn taller.</p>`;
}
