import type { CheckReport } from '../../diagnose/target-result.js';
import type { ScenarioExpectation } from './scenario.js';

/**
 * Where a run's diagnosis differs from what the scenario injected, one line each; empty when it matches:
 * every expected target has one of its expected verdicts, no target is unexpected, and the finding codes
 * are exactly the expected ones in the same order.
 */
export function matchExpectation(report: CheckReport, expected: ScenarioExpectation): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const result of report.results) {
    seen.add(result.target);
    const wanted = expected.verdicts[result.target];
    if (wanted === undefined) {
      problems.push(`${result.target}: not expected in this scenario (got ${result.verdict})`);
      continue;
    }
    const allowed: readonly string[] = typeof wanted === 'string' ? [wanted] : wanted;
    if (!allowed.includes(result.verdict)) {
      problems.push(`${result.target}: expected ${allowed.join(' or ')}, got ${result.verdict}`);
    }
  }
  for (const target of Object.keys(expected.verdicts)) {
    if (!seen.has(target)) problems.push(`${target}: expected but not probed`);
  }
  const codes = report.findings.map((finding) => finding.code);
  if (codes.join(',') !== expected.findings.join(',')) {
    const show = (list: readonly string[]) => (list.length === 0 ? 'none' : list.join(', '));
    problems.push(`findings: expected ${show(expected.findings)}, got ${show(codes)}`);
  }
  return problems;
}
