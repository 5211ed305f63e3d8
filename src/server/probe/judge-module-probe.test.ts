import { describe, expect, it } from 'vitest';
import { buildFailure, buildObservation } from '../../diagnose/fixtures/build-observation.js';
import { judgeModuleProbe } from './judge-module-probe.js';
import { moduleFrom } from './module-fixture.test-helper.js';
import { planModuleProbe } from './plan-module-probe.js';

function targetFor(httpBlock = '', url = 'https://shop.example.com/health') {
  const outcome = planModuleProbe(url, moduleFrom(httpBlock));
  if (!outcome.ok) throw new Error(outcome.problem);
  return outcome.plan.target;
}

describe('judgeModuleProbe', () => {
  it('passes a 2xx by default and fails a 3xx, a 4xx and a 5xx', () => {
    const target = targetFor();
    const verdicts = [200, 204, 301, 404, 502].map(
      (status) => judgeModuleProbe(target, buildObservation({ status })).success,
    );
    expect(verdicts).toEqual([true, true, false, false, false]);
  });

  it('uses valid_status_codes instead of 2xx', () => {
    const target = targetFor('valid_status_codes: [503]');
    expect(judgeModuleProbe(target, buildObservation({ status: 503 })).success).toBe(true);
    expect(judgeModuleProbe(target, buildObservation({ status: 200 }))).toEqual({
      success: false,
      failedDueToRegex: false,
      reasons: ['status 200 OK, expected 503'],
    });
  });

  it('fails every failed phase, with the failure as its reason', () => {
    const refused = buildObservation({ failure: buildFailure('connect', 'connect_refused', 'ECONNREFUSED') });
    expect(judgeModuleProbe(targetFor(), refused)).toEqual({
      success: false,
      failedDueToRegex: false,
      reasons: ['connect failed: econnrefused (recorded detail)'],
    });
  });

  it('counts a body or header pattern as a regex failure once the status passed', () => {
    const target = targetFor(
      'fail_if_body_matches_regexp: ["(?i)database error"]\nfail_if_header_not_matches: [{ header: content-type, regexp: json }]',
    );
    const body = judgeModuleProbe(
      target,
      buildObservation({
        status: 200,
        body: 'Database Error',
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(body).toEqual({
      success: false,
      failedDueToRegex: true,
      reasons: ['body matches /(?i)database error/'],
    });
    const header = judgeModuleProbe(
      target,
      buildObservation({ status: 200, headers: { 'content-type': 'text/html' } }),
    );
    expect(header).toEqual({
      success: false,
      failedDueToRegex: true,
      reasons: ["content-type: 'text/html' does not match /json/"],
    });
    // blackbox checks patterns only after the status passed: a 500 is no regex failure.
    expect(
      judgeModuleProbe(target, buildObservation({ status: 500, body: 'Database Error' })).failedDueToRegex,
    ).toBe(false);
  });

  it('lets allow_missing pass a missing header', () => {
    const target = targetFor(
      'fail_if_header_matches: [{ header: set-cookie, regexp: ".*", allow_missing: true }]',
    );
    expect(judgeModuleProbe(target, buildObservation({ status: 200 })).success).toBe(true);
    const cookie = buildObservation({ status: 200, headers: { 'set-cookie': ['a=1', 'b=2'] } });
    expect(judgeModuleProbe(target, cookie).failedDueToRegex).toBe(true);
  });

  it('checks TLS or not, and the HTTP version', () => {
    expect(
      judgeModuleProbe(targetFor('fail_if_ssl: true'), buildObservation({ status: 200 })).reasons,
    ).toEqual(['answered over TLS, expected plain HTTP']);
    const plain = buildObservation({ url: 'http://shop.example.com/', status: 200 });
    expect(
      judgeModuleProbe(targetFor('fail_if_not_ssl: true', 'http://shop.example.com/'), plain).reasons,
    ).toEqual(['answered over plain HTTP, expected TLS']);
    expect(
      judgeModuleProbe(targetFor('valid_http_versions: ["HTTP/2.0"]'), buildObservation({ status: 200 }))
        .reasons,
    ).toEqual(['answered over HTTP/1.1, expected HTTP/2.0']);
  });
});
