import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose.js';
import { buildContext } from '../fixtures/build-context.js';
import { buildFailure } from '../fixtures/build-observation.js';

const PRIVATE_CA = 'CN=Example Private CA, O=Example';

function untrusted(errorCode: string, coversName: boolean, names = ['DNS:shop.example.com']) {
  const ctx = buildContext({
    failure: buildFailure('tls', 'tls_untrusted', errorCode, 2.1),
    certificate: { issuer: PRIVATE_CA, subjectAltNames: names },
  });
  if (ctx.observation.tls !== undefined) {
    ctx.observation.tls.coversName = coversName;
    ctx.observation.tls.chainLength = 1;
  }
  return diagnose({ target: ctx.target, observations: [ctx.observation] });
}

describe('an untrusted certificate', () => {
  it('from a private CA with matching names is untrusted, names its issuer and points at --ca', () => {
    const diagnosis = untrusted('UNABLE_TO_VERIFY_LEAF_SIGNATURE', true);
    expect(diagnosis.verdict).toBe('tls_wrong_certificate');
    expect(diagnosis.summary).toBe(
      "the certificate on 10.0.0.11:443 for shop.example.com is untrusted: its names cover shop.example.com, but its issuer (CN=Example Private CA, O=Example) is not in this machine's trust store: a private CA (pass it with --ca FILE or ca: in the configuration), or the server leaves out its intermediate certificate (serve the full chain)",
    );
    expect(diagnosis.summary).not.toContain('wrong process');
    expect(diagnosis.evidence).toContain(
      'chain of 1 certificate as sent by the server; its names cover shop.example.com',
    );
  });

  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'it is self-signed: trust it with --ca FILE'],
    [
      'SELF_SIGNED_CERT_IN_CHAIN',
      'its chain ends in a root this machine does not trust (CN=Example Private CA',
    ],
    ['CERT_UNTRUSTED', 'it is not trusted (CERT_UNTRUSTED, issuer CN=Example Private CA, O=Example)'],
  ])('%s is worded for what broke', (code, words) => {
    const diagnosis = untrusted(code, true);
    expect(diagnosis.summary).toContain('is untrusted: its names cover shop.example.com, but ');
    expect(diagnosis.summary).toContain(words);
  });

  it('with names that do not cover the host either is blamed on the wrong process or vhost', () => {
    const diagnosis = untrusted('UNABLE_TO_VERIFY_LEAF_SIGNATURE', false, ['DNS:other.example.com']);
    expect(diagnosis.summary).toBe(
      'the certificate on 10.0.0.11:443 (DNS:other.example.com, issued by CN=Example Private CA, O=Example) neither covers shop.example.com nor is trusted: likely the wrong process or vhost answered',
    );
  });

  it('a name mismatch alone keeps the wrong process or vhost wording', () => {
    const ctx = buildContext({
      failure: buildFailure('tls', 'tls_name_mismatch', 'ERR_TLS_CERT_ALTNAME_INVALID', 2.1),
      certificate: { subjectAltNames: ['DNS:other.example.com'] },
    });
    expect(diagnose({ target: ctx.target, observations: [ctx.observation] }).summary).toContain(
      'likely the wrong process or vhost answered',
    );
  });
});
