import { describe, expect, it } from 'vitest';
import type { FailureCode, Phase } from '../../probe/observation.js';
import { buildContext } from '../fixtures/build-context.js';
import { buildFailure } from '../fixtures/build-observation.js';
import { VERDICT_LAYER, type Verdict } from '../verdict.js';
import { diagnoseTransportFailure } from './transport-failure.js';

// A Record over the closed union: adding a FailureCode without a row here does not compile.
const EXPECTED: Record<FailureCode, { phase: Phase; errorCode?: string; verdict: Verdict }> = {
  dns_not_found: { phase: 'dns', errorCode: 'ENOTFOUND', verdict: 'dns_failure' },
  dns_servfail: { phase: 'dns', errorCode: 'ESERVFAIL', verdict: 'dns_failure' },
  dns_timeout: { phase: 'dns', verdict: 'dns_failure' },
  dns_error: { phase: 'dns', errorCode: 'EBADNAME', verdict: 'dns_failure' },
  connect_refused: { phase: 'connect', errorCode: 'ECONNREFUSED', verdict: 'connect_refused' },
  connect_timeout: { phase: 'connect', verdict: 'connect_timeout' },
  connect_unreachable: { phase: 'connect', errorCode: 'EHOSTUNREACH', verdict: 'connect_timeout' },
  connect_reset: { phase: 'connect', errorCode: 'ECONNRESET', verdict: 'connect_refused' },
  connect_error: { phase: 'connect', errorCode: 'EACCES', verdict: 'connect_refused' },
  tls_cert_expired: { phase: 'tls', errorCode: 'CERT_HAS_EXPIRED', verdict: 'tls_expired' },
  tls_cert_not_yet_valid: { phase: 'tls', errorCode: 'CERT_NOT_YET_VALID', verdict: 'tls_expired' },
  tls_name_mismatch: {
    phase: 'tls',
    errorCode: 'ERR_TLS_CERT_ALTNAME_INVALID',
    verdict: 'tls_wrong_certificate',
  },
  tls_untrusted: { phase: 'tls', errorCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', verdict: 'tls_wrong_certificate' },
  tls_handshake_failed: {
    phase: 'tls',
    errorCode: 'ERR_SSL_WRONG_VERSION_NUMBER',
    verdict: 'tls_handshake_failed',
  },
  tls_client_certificate_required: {
    phase: 'tls',
    errorCode: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
    verdict: 'tls_client_certificate_required',
  },
  tls_timeout: { phase: 'tls', verdict: 'tls_handshake_failed' },
  http_timeout: { phase: 'http', verdict: 'response_timeout' },
  http_body_timeout: { phase: 'http', verdict: 'response_timeout' },
  http_parse_error: { phase: 'http', errorCode: 'HPE_INVALID_CONSTANT', verdict: 'protocol_error' },
  http_headers_too_large: { phase: 'http', errorCode: 'HPE_HEADER_OVERFLOW', verdict: 'protocol_error' },
  http_reset: { phase: 'http', errorCode: 'ECONNRESET', verdict: 'protocol_error' },
  http_closed_early: { phase: 'http', verdict: 'protocol_error' },
  h2_goaway: { phase: 'http', errorCode: 'ENHANCE_YOUR_CALM', verdict: 'http2_failure' },
  h2_stream_reset: { phase: 'http', errorCode: 'INTERNAL_ERROR', verdict: 'http2_failure' },
  h2_refused_stream: { phase: 'http', errorCode: 'REFUSED_STREAM', verdict: 'http2_failure' },
  h2_protocol_error: { phase: 'http', errorCode: 'PROTOCOL_ERROR', verdict: 'http2_failure' },
  h2_settings_timeout: { phase: 'http', verdict: 'http2_failure' },
  h2_not_negotiated: {
    phase: 'tls',
    errorCode: 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL',
    verdict: 'http2_failure',
  },
  redirect_loop: { phase: 'http', verdict: 'redirect_loop' },
  redirect_limit: { phase: 'http', verdict: 'redirect_loop' },
  redirect_downgrade: { phase: 'http', verdict: 'insecure_redirect' },
  total_timeout: { phase: 'dns', verdict: 'dns_failure' },
};

describe('diagnoseTransportFailure', () => {
  it.each(Object.entries(EXPECTED))('%s -> %o', (code, { phase, errorCode, verdict }) => {
    const ctx = buildContext({ failure: buildFailure(phase, code as FailureCode, errorCode) });
    const diagnosis = diagnoseTransportFailure(ctx);
    expect(diagnosis?.verdict).toBe(verdict);
    expect(diagnosis?.layer).toBe(VERDICT_LAYER[verdict]);
    expect(diagnosis?.summary.length).toBeGreaterThan(20);
    expect(diagnosis?.evidence.some((line) => line.includes(code))).toBe(true);
  });

  it('stays silent when every phase completed', () => {
    expect(diagnoseTransportFailure(buildContext({ status: 200 }))).toBeUndefined();
  });

  it.each([
    ['dns', 'dns_failure'],
    ['connect', 'connect_timeout'],
    ['tls', 'tls_handshake_failed'],
    ['http', 'response_timeout'],
  ] as const)('total_timeout in the %s phase -> %s', (phase, verdict) => {
    const ctx = buildContext({ failure: buildFailure(phase, 'total_timeout', undefined, 30_000) });
    expect(diagnoseTransportFailure(ctx)?.verdict).toBe(verdict);
  });

  it('blames the phase that used the deadline up, not one that had no time left, and names the deadline', () => {
    // --timeout 10ms: resolving took 9.9 ms, so the connect phase had 0.1 ms before the deadline ran out.
    const ctx = buildContext({
      failure: { ...buildFailure('connect', 'total_timeout', undefined, 0.1), deadlineMs: 10 },
    });
    ctx.observation.timings.dns = 9.9;
    const diagnosis = diagnoseTransportFailure(ctx);
    expect(diagnosis?.verdict).toBe('dns_failure');
    expect(diagnosis?.summary).toBe(
      "the probe's whole deadline (10 ms) ran out during the TCP connect, after resolving had used most of it (resolving 9.9 ms, the TCP connect 0.1 ms): resolving shop.example.com is slow: check the resolver; if the deadline is too short for this path, raise --timeout",
    );
    expect(diagnosis?.summary).not.toContain('0 ms in the connect phase');
  });

  it('keeps the verdict of a phase that took most of the deadline itself', () => {
    const failure = { ...buildFailure('http', 'total_timeout', undefined, 29_990), deadlineMs: 30_000 };
    const diagnosis = diagnoseTransportFailure(buildContext({ status: 200, failure }));
    expect(diagnosis?.verdict).toBe('response_timeout');
    expect(diagnosis?.summary).toMatch(
      /^the probe's whole deadline \(30 s\) ran out during waiting for the response \(/,
    );
  });

  it('a refused connect names the address and asks who owns the port', () => {
    const ctx = buildContext({ failure: buildFailure('connect', 'connect_refused', 'ECONNREFUSED', 0.3) });
    expect(diagnoseTransportFailure(ctx)).toMatchObject({
      summary: 'nothing listens on 10.0.0.11:443; ask the host who owns the port: frontdoor host',
      evidence: expect.arrayContaining([
        'connect to 10.0.0.11:443 failed (connect_refused, ECONNREFUSED) after 0.3 ms',
      ]),
    });
  });

  it('a handshake with something that is not TLS points at the wrong process', () => {
    const ctx = buildContext({
      failure: buildFailure('tls', 'tls_handshake_failed', 'ERR_SSL_WRONG_VERSION_NUMBER', 1.4),
    });
    expect(diagnoseTransportFailure(ctx)?.summary).toContain(
      'something answers on 10.0.0.11:443 but does not speak TLS: likely the wrong process holds :443',
    );
  });

  it('a certificate for another name names its SANs and issuer', () => {
    const ctx = buildContext({
      failure: buildFailure('tls', 'tls_name_mismatch', 'ERR_TLS_CERT_ALTNAME_INVALID', 2.2),
      certificate: {
        subject: 'CN=vpn.corp.example',
        subjectAltNames: ['DNS:vpn.corp.example'],
        issuer: 'CN=Corp VPN CA',
      },
    });
    const diagnosis = diagnoseTransportFailure(ctx);
    expect(diagnosis?.summary).toBe(
      'the certificate on 10.0.0.11:443 (DNS:vpn.corp.example, issued by CN=Corp VPN CA) does not cover shop.example.com: likely the wrong process or vhost answered',
    );
    expect(diagnosis?.evidence).toContain(
      'certificate subject CN=vpn.corp.example; SANs DNS:vpn.corp.example',
    );
  });

  it('a certificate that names the host only in its CN says browsers ignore the CN', () => {
    const ctx = buildContext({
      failure: buildFailure('tls', 'tls_name_mismatch', 'NO_SUBJECT_ALT_NAME', 2.2),
      certificate: { subject: 'CN=shop.example.com', subjectAltNames: [], issuer: 'CN=Shop CA' },
    });
    const diagnosis = diagnoseTransportFailure(ctx);
    expect(diagnosis?.verdict).toBe('tls_wrong_certificate');
    expect(diagnosis?.summary).toBe(
      'the certificate on 10.0.0.11:443 (CN=shop.example.com) has no subjectAltName and names shop.example.com only in its CN, which browsers ignore: every visitor gets a certificate error; reissue it with shop.example.com as a subjectAltName',
    );
    expect(diagnosis?.evidence).toContain('certificate subject CN=shop.example.com; SANs none');
  });

  it('a server that refuses a client without a certificate says so, at the tls layer', () => {
    const ctx = buildContext({
      failure: buildFailure(
        'tls',
        'tls_client_certificate_required',
        'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
        3,
      ),
    });
    const diagnosis = diagnoseTransportFailure(ctx);
    expect(diagnosis).toMatchObject({ verdict: 'tls_client_certificate_required', layer: 'tls' });
    expect(diagnosis?.summary).toBe(
      '10.0.0.11:443 requires a client certificate (it asked for one in the TLS handshake and refused to go on without): visitors without one cannot get in; if that is not intended, look for client-certificate verification (nginx ssl_verify_client) on what holds :443',
    );
  });

  it('an expired certificate gives the date', () => {
    const ctx = buildContext({
      failure: buildFailure('tls', 'tls_cert_expired', 'CERT_HAS_EXPIRED', 2.0),
      certificate: { validFrom: '2026-08-01T00:00:00.000Z', validTo: '2026-10-30T23:59:59.000Z' },
    });
    expect(diagnoseTransportFailure(ctx)?.summary).toBe(
      'the certificate for shop.example.com on 10.0.0.11:443 expired on 2026-10-30: renew it and reload the proxy',
    );
  });

  it('a redirect loop lists the hops', () => {
    const ctx = buildContext({
      failure: buildFailure('http', 'redirect_loop'),
      redirects: [
        { url: 'https://shop.example.com/health', status: 301, location: 'http://shop.example.com/health' },
        { url: 'http://shop.example.com/health', status: 301, location: 'https://shop.example.com/health' },
      ],
    });
    const diagnosis = diagnoseTransportFailure(ctx);
    expect(diagnosis?.summary).toContain('came back to a URL already visited after 2 hops');
    expect(diagnosis?.evidence).toContain(
      '301 http://shop.example.com/health -> https://shop.example.com/health',
    );
  });

  it('a redirect from https to plain http names both URLs and lists every hop with its address', () => {
    const ctx = buildContext({
      failure: buildFailure('http', 'redirect_downgrade'),
      redirects: [
        {
          url: 'https://shop.example.com/health',
          status: 301,
          location: '/health/',
          address: '10.0.0.11:443',
        },
        {
          url: 'https://shop.example.com/health/',
          status: 302,
          location: 'http://shop.example.com/health/',
          address: '10.0.0.11:443',
        },
      ],
    });
    const diagnosis = diagnoseTransportFailure(ctx);
    expect(diagnosis).toMatchObject({ verdict: 'insecure_redirect', layer: 'proxy' });
    expect(diagnosis?.summary).toBe(
      'https://shop.example.com/health/ redirects to plain http (http://shop.example.com/health/): visitors would leave TLS there; fix the redirect (behind an edge, check X-Forwarded-Proto), or allow it for this site with allow_insecure_redirect',
    );
    expect(diagnosis?.evidence).toContain(
      '302 https://shop.example.com/health/ (10.0.0.11:443) -> http://shop.example.com/health/',
    );
  });
});
