import type { Layer, Verdict } from '../diagnose/verdict.js';

/**
 * How a verdict looks, never by colour alone: a severity picks the shape (a disc for ok, a triangle for a
 * warning, a crossed square for a failure, a dashed ring for no result yet) and failures also get a
 * striped edge and their layer's hue. The verdict's identifier is always written beside the shape.
 */
export type Severity = 'ok' | 'warn' | 'fail' | 'none';

/** Verdicts under which visitors were served but something needs attention soon. */
const WARNINGS: ReadonlySet<Verdict> = new Set<Verdict>(['slow', 'tls_expiring']);

export function severityOf(verdict: Verdict | null | undefined): Severity {
  if (verdict === null || verdict === undefined) return 'none';
  if (verdict === 'ok') return 'ok';
  return WARNINGS.has(verdict) ? 'warn' : 'fail';
}

/** The class names of a cell or badge: `sev-fail layer-connect`. */
export function lookClasses(verdict: Verdict | null | undefined, layer: Layer | null | undefined): string {
  const severity = severityOf(verdict);
  return severity === 'fail' && layer !== null && layer !== undefined && layer !== '-'
    ? `sev-fail layer-${layer}`
    : `sev-${severity}`;
}

/** Words for a screen reader and for the legend: "failing", "passing". */
export const SEVERITY_WORDS: Record<Severity, string> = {
  ok: 'passing',
  warn: 'warning',
  fail: 'failing',
  none: 'no result yet',
};

/**
 * The verdict as a cell shows it: its identifier with break opportunities after underscores, so
 * `proxy_upstream_unavailable` wraps in a narrow column instead of widening it.
 */
export function verdictLabel(verdict: Verdict | null | undefined): string {
  return verdict ?? 'pending';
}
