import { describe, expect, it } from 'vitest';
import {
  classifyConnectError,
  classifyDnsError,
  classifyHandshakeError,
  classifyHttpError,
  classifyVerifyError,
  createFailure,
  readErrorCode,
} from './classify-failure.js';

describe('classifyDnsError', () => {
  it.each([
    ['ENOTFOUND', 'dns_not_found'],
    ['ENODATA', 'dns_not_found'],
    ['ESERVFAIL', 'dns_servfail'],
    ['EREFUSED', 'dns_servfail'],
    ['EAI_FAIL', 'dns_servfail'],
    ['ETIMEOUT', 'dns_timeout'],
    ['EAI_AGAIN', 'dns_timeout'],
    ['EBADNAME', 'dns_error'],
    [undefined, 'dns_error'],
  ] as const)('%s -> %s', (code, expected) => {
    expect(classifyDnsError(code)).toBe(expected);
  });
});

describe('classifyConnectError', () => {
  it.each([
    ['ECONNREFUSED', 'connect_refused'],
    ['ETIMEDOUT', 'connect_timeout'],
    ['EHOSTUNREACH', 'connect_unreachable'],
    ['ENETUNREACH', 'connect_unreachable'],
    ['EADDRNOTAVAIL', 'connect_unreachable'],
    ['ECONNRESET', 'connect_reset'],
    ['EACCES', 'connect_error'],
    [undefined, 'connect_error'],
  ] as const)('%s -> %s', (code, expected) => {
    expect(classifyConnectError(code)).toBe(expected);
  });
});

describe('classifyVerifyError', () => {
  it.each([
    ['CERT_HAS_EXPIRED', 'tls_cert_expired'],
    ['CERT_NOT_YET_VALID', 'tls_cert_not_yet_valid'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls_name_mismatch'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls_untrusted'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls_untrusted'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls_untrusted'],
    ['UNABLE_TO_GET_ISSUER_CERT', 'tls_untrusted'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls_untrusted'],
    ['CERT_UNTRUSTED', 'tls_untrusted'],
    ['SOMETHING_NEW', 'tls_untrusted'],
  ] as const)('%s -> %s', (code, expected) => {
    expect(classifyVerifyError(code)).toBe(expected);
  });
});

describe('classifyHandshakeError', () => {
  it.each([
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls_handshake_failed'],
    ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'tls_handshake_failed'],
    ['EPROTO', 'tls_handshake_failed'],
    ['ECONNRESET', 'tls_handshake_failed'],
    [undefined, 'tls_handshake_failed'],
    ['ETIMEDOUT', 'tls_timeout'],
  ] as const)('%s -> %s', (code, expected) => {
    expect(classifyHandshakeError(code)).toBe(expected);
  });

  it.each([
    ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'], // OpenSSL 3.0 (Node 20)
    ['ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE'], // OpenSSL 3.5 (Node 22, 24)
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'],
  ] as const)('%s after a CertificateRequest -> tls_client_certificate_required', (code) => {
    expect(classifyHandshakeError(code, true)).toBe('tls_client_certificate_required');
  });
});

describe('classifyHttpError', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', undefined, 'http_headers_too_large'],
    ['HPE_INVALID_CONSTANT', undefined, 'http_parse_error'],
    ['HPE_INVALID_CHUNK_SIZE', undefined, 'http_parse_error'],
    ['ECONNRESET', 'ECONNRESET', 'http_reset'],
    ['ECONNRESET', undefined, 'http_closed_early'],
    ['EPIPE', undefined, 'http_reset'],
    [undefined, undefined, 'http_closed_early'],
  ] as const)('%s (socket %s) -> %s', (code, socketCode, expected) => {
    expect(classifyHttpError(code, socketCode)).toBe(expected);
  });
});

describe('readErrorCode', () => {
  it('reads string codes only', () => {
    expect(readErrorCode(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(readErrorCode(Object.assign(new Error('x'), { code: 42 }))).toBeUndefined();
    expect(readErrorCode(undefined)).toBeUndefined();
    expect(readErrorCode(null)).toBeUndefined();
  });
});

describe('createFailure', () => {
  it('leaves errorCode out when there is none', () => {
    expect(createFailure('dns', 'dns_timeout', undefined, 'slow', 5)).toEqual({
      phase: 'dns',
      code: 'dns_timeout',
      detail: 'slow',
      durationMs: 5,
    });
    expect(createFailure('connect', 'connect_refused', 'ECONNREFUSED', 'no', 1).errorCode).toBe(
      'ECONNREFUSED',
    );
  });
});
