import type { CheckReport, TargetResult } from '../diagnose/target-result.js';
import type { Timings } from '../probe/observation.js';

/**
 * `frontdoor check --json`: the DESIGN.md contract ({ ok, results, findings }), pretty-printed.
 * Contract fields come first in a fixed order so diffs between runs stay readable; extra fields follow.
 */
export function renderJson(report: CheckReport): string {
  return `${JSON.stringify(toJsonDocument(report), null, 2)}\n`;
}

/** The contract document as an object, for reports that extend it (verify adds `gate`). */
export function toJsonDocument(report: CheckReport): {
  ok: boolean;
  results: Array<Record<string, unknown>>;
  findings: Array<{ code: string; summary: string; targets: string[]; targetIds: string[] }>;
} {
  return {
    ok: report.ok,
    results: report.results.map(toJsonResult),
    findings: report.findings.map((finding) => ({
      code: finding.code,
      summary: finding.summary,
      targets: [...finding.targets],
      targetIds: [...finding.targetIds],
    })),
  };
}

function toJsonResult(result: TargetResult): Record<string, unknown> {
  return {
    target: result.target,
    url: result.url,
    connectTo: result.connectTo,
    verdict: result.verdict,
    layer: result.layer,
    summary: result.summary,
    evidence: [...result.evidence],
    status: result.status,
    timings: roundTimings(result.timings),
    id: result.id,
    hostname: result.hostname,
    via: result.via,
    // JSON.stringify drops undefined, so optional fields appear only when set.
    site: result.site,
    origin: result.origin,
    environment: result.environment,
    httpVersion: result.httpVersion,
    overHttp1: result.overHttp1,
    burst: result.burst,
    redirects: result.redirects,
    deadAddresses: result.deadAddresses?.map((dead) => ({
      ...dead,
      durationMs: roundTenth(dead.durationMs),
    })),
    sameAsCatchAll: result.sameAsCatchAll,
    certificate: result.certificate,
  };
}

/** Tenths of a millisecond: finer than any network can promise, coarse enough to read. */
function roundTimings(timings: Timings): Timings {
  // Built phase by phase so "total" comes last, as in the contract's example.
  const rounded: Partial<Timings> = {};
  for (const phase of ['dns', 'connect', 'tls', 'ttfb', 'transfer'] as const) {
    const value = timings[phase];
    if (value !== undefined) rounded[phase] = roundTenth(value);
  }
  return { ...rounded, total: roundTenth(timings.total) };
}

function roundTenth(ms: number): number {
  return Math.round(ms * 10) / 10;
}
