import { describe, expect, it } from 'vitest';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import type { CertificateSummary, TargetResult } from '../diagnose/target-result.js';
import { shareUnchanged } from './share-unchanged.js';

const CERTIFICATE: CertificateSummary = {
  subject: 'CN=shop.test',
  subjectAltNames: ['DNS:shop.test', 'DNS:www.shop.test'],
  issuer: 'CN=lab CA',
  notBefore: '2026-11-01T00:00:00.000Z',
  notAfter: '2027-02-01T00:00:00.000Z',
  daysLeft: 58,
  chainLength: 2,
  selfSigned: false,
  trusted: true,
  coversName: true,
  fingerprint256: 'AB:CD',
};

/** A result as a new round builds it: equal content in objects and strings of its own. */
function freshRound(summary = 'ok: answered 200 OK in 3 ms', daysLeft = 58): TargetResult {
  const result = buildResult('shop.test', 'web1', 'ok');
  result.summary = [summary].join('');
  result.evidence = ['certificate subject CN=shop.test', 'server: nginx'].map((line) => [line].join(''));
  result.httpVersion = ['1', '1'].join('.');
  result.certificate = {
    ...CERTIFICATE,
    subjectAltNames: [...CERTIFICATE.subjectAltNames],
    daysLeft,
  };
  return result;
}

describe('shareUnchanged', () => {
  it("takes the previous result's summary, evidence and certificate when they are equal", () => {
    const previous = freshRound();
    const next = shareUnchanged(freshRound(), previous);
    expect(next.evidence).toBe(previous.evidence);
    expect(next.certificate).toBe(previous.certificate);
    expect(next.summary).toBe(previous.summary);
    expect(next).toEqual(freshRound());
  });

  it('keeps its own parts where anything differs', () => {
    const previous = freshRound();
    const changed = freshRound('ok: answered 200 OK in 4 ms', 57);
    changed.evidence = [...changed.evidence, 'one more line'];
    const next = shareUnchanged(changed, previous);
    expect(next.evidence).not.toBe(previous.evidence);
    expect(next.evidence).toHaveLength(3);
    expect(next.certificate).not.toBe(previous.certificate);
    expect(next.certificate?.daysLeft).toBe(57);
    expect(next.summary).toBe('ok: answered 200 OK in 4 ms');
  });

  it('sees a changed name in the certificate, and returns a first result as it is', () => {
    const previous = freshRound();
    const renamed = freshRound();
    renamed.certificate = { ...CERTIFICATE, subjectAltNames: ['DNS:shop.test', 'DNS:cart.test'] };
    expect(shareUnchanged(renamed, previous).certificate?.subjectAltNames).toEqual([
      'DNS:shop.test',
      'DNS:cart.test',
    ]);
    const first = freshRound();
    expect(shareUnchanged(first, undefined)).toBe(first);
  });
});
