import { describe, expect, it } from 'vitest';
import type { CheckReport, TargetResult } from '../../diagnose/target-result.js';
import type { Finding, Verdict } from '../../diagnose/verdict.js';
import { matchExpectation } from './match-expectation.js';

function report(verdicts: Record<string, Verdict>, findings: Finding['code'][] = []): CheckReport {
  const results = Object.entries(verdicts).map(
    ([target, verdict]) => ({ target, verdict }) as unknown as TargetResult,
  );
  return {
    ok: false,
    results,
    findings: findings.map((code) => ({ code, summary: code, targets: [], targetIds: [] })),
  };
}

describe('matchExpectation', () => {
  it('matches exact verdicts and findings in order', () => {
    expect(
      matchExpectation(report({ 'a via edge': 'ok', 'a via web1': 'connect_refused' }, ['fleet_wide']), {
        verdicts: { 'a via edge': 'ok', 'a via web1': 'connect_refused' },
        findings: ['fleet_wide'],
      }),
    ).toEqual([]);
  });

  it('accepts any verdict of a list', () => {
    const expected = { verdicts: { 'a via edge': ['ok', 'intermittent'] as const }, findings: [] };
    expect(matchExpectation(report({ 'a via edge': 'intermittent' }), expected)).toEqual([]);
    expect(matchExpectation(report({ 'a via edge': 'app_error' }), expected)).toEqual([
      'a via edge: expected ok or intermittent, got app_error',
    ]);
  });

  it('names wrong, unexpected and missing targets, and differing findings', () => {
    expect(
      matchExpectation(report({ 'a via edge': 'app_error', 'b via edge': 'ok' }, ['edge_only']), {
        verdicts: { 'a via edge': 'ok', 'c via edge': 'ok' },
        findings: ['fleet_wide', 'fleet_wide'],
      }),
    ).toEqual([
      'a via edge: expected ok, got app_error',
      'b via edge: not expected in this scenario (got ok)',
      'c via edge: expected but not probed',
      'findings: expected fleet_wide, fleet_wide, got edge_only',
    ]);
  });

  it('says none for an empty finding list', () => {
    expect(matchExpectation(report({}, ['origin_partial']), { verdicts: {}, findings: [] })).toEqual([
      'findings: expected none, got origin_partial',
    ]);
  });
});
