import type { FailureCode, Phase, PhaseFailure } from './observation.js';

// Every table maps lower-level codes (errno, getaddrinfo, OpenSSL verify results, Node ERR_*, HPE_* parse codes)
// to the closed FailureCode union. Messages are never consulted: they change between Node and OpenSSL releases.

const DNS_CODES: Readonly<Record<string, FailureCode>> = {
  ENOTFOUND: 'dns_not_found',
  ENODATA: 'dns_not_found',
  ESERVFAIL: 'dns_servfail',
  EREFUSED: 'dns_servfail',
  ECONNREFUSED: 'dns_servfail',
  EAI_FAIL: 'dns_servfail',
  ETIMEOUT: 'dns_timeout',
  EAI_AGAIN: 'dns_timeout',
};

const CONNECT_CODES: Readonly<Record<string, FailureCode>> = {
  ECONNREFUSED: 'connect_refused',
  ETIMEDOUT: 'connect_timeout',
  EHOSTUNREACH: 'connect_unreachable',
  ENETUNREACH: 'connect_unreachable',
  EADDRNOTAVAIL: 'connect_unreachable',
  EHOSTDOWN: 'connect_unreachable',
  ECONNRESET: 'connect_reset',
};

/**
 * The mismatch code of a certificate that names its host only in the subject's CN. Node's check still falls back
 * to the CN when there is no DNS or IP subjectAltName; browsers do not (Chrome has refused it since version 58,
 * and RFC 9525 drops the CN fallback), so such a certificate fails for every visitor.
 */
export const NO_SUBJECT_ALT_NAME = 'NO_SUBJECT_ALT_NAME';

// OpenSSL X509_V_ERR_* names as Node reports them in authorizationError, plus Node's own name check.
const VERIFY_CODES: Readonly<Record<string, FailureCode>> = {
  CERT_HAS_EXPIRED: 'tls_cert_expired',
  CERT_NOT_YET_VALID: 'tls_cert_not_yet_valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls_name_mismatch',
  HOSTNAME_MISMATCH: 'tls_name_mismatch',
  IP_ADDRESS_MISMATCH: 'tls_name_mismatch',
  [NO_SUBJECT_ALT_NAME]: 'tls_name_mismatch',
};

/** Failure code for an error from the resolver (dns.lookup / getaddrinfo). */
export function classifyDnsError(code: string | undefined): FailureCode {
  return (code === undefined ? undefined : DNS_CODES[code]) ?? 'dns_error';
}

/** Failure code for an error while opening the TCP connection. */
export function classifyConnectError(code: string | undefined): FailureCode {
  return (code === undefined ? undefined : CONNECT_CODES[code]) ?? 'connect_error';
}

/**
 * Failure code for a completed handshake whose certificate did not verify. Every chain problem
 * (UNABLE_TO_VERIFY_LEAF_SIGNATURE, SELF_SIGNED_CERT_IN_CHAIN, DEPTH_ZERO_SELF_SIGNED_CERT,
 * UNABLE_TO_GET_ISSUER_CERT(_LOCALLY), CERT_UNTRUSTED, ...) means the server is not trusted.
 */
export function classifyVerifyError(code: string): FailureCode {
  return VERIFY_CODES[code] ?? 'tls_untrusted';
}

/**
 * Failure code for an error before the handshake completed: protocol errors (ERR_SSL_*, EPROTO), alerts,
 * resets and closes all mean something listens but does not speak TLS to us, unless the alert refuses a
 * client without a certificate after asking for one (see isClientCertificateRefusal).
 */
export function classifyHandshakeError(code: string | undefined, certificateRequested = false): FailureCode {
  if (isClientCertificateRefusal(code, certificateRequested)) return 'tls_client_certificate_required';
  return code === 'ETIMEDOUT' ? 'tls_timeout' : 'tls_handshake_failed';
}

// Alerts a server sends when a client that was asked for a certificate presents none: TLS 1.3's own
// certificate_required, or what TLS 1.2 servers (and some TLS 1.3 ones) send instead. OpenSSL 3.5 (Node 22
// and 24) names the alerts it called SSLV3_ALERT_* "SSL/TLS_ALERT_*".
const CERTIFICATE_ALERT =
  /^ERR_SSL_(SSLV3|SSL\/TLS|TLSV1|TLSV13)_ALERT_(HANDSHAKE_FAILURE|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED)$/;

/**
 * Whether a TLS error is the server refusing to go on without a client certificate: TLS 1.3's certificate_required
 * alert says so by itself; a handshake_failure (or bad/unknown certificate, access denied) alert says so only
 * after the server sent a CertificateRequest (`certificateRequested`), since it has other causes too.
 */
export function isClientCertificateRefusal(code: string | undefined, certificateRequested: boolean): boolean {
  if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED') return true;
  return certificateRequested && code !== undefined && CERTIFICATE_ALERT.test(code);
}

/**
 * Failure code for an error during the HTTP exchange. `socketErrorCode` is what the socket itself reported:
 * a close and a reset both end the exchange early, and only the socket's own error tells them apart.
 */
export function classifyHttpError(
  code: string | undefined,
  socketErrorCode: string | undefined,
): FailureCode {
  if (code === 'HPE_HEADER_OVERFLOW') return 'http_headers_too_large';
  if (code?.startsWith('HPE_') === true) return 'http_parse_error';
  if (socketErrorCode === 'ECONNRESET' || socketErrorCode === 'EPIPE' || code === 'EPIPE')
    return 'http_reset';
  if (code === 'ETIMEDOUT') return 'http_timeout';
  return 'http_closed_early';
}

/** Lower-level code of an error, when it has one (errno, OpenSSL, Node ERR_*, HPE_*). */
export function readErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Builds a PhaseFailure, leaving errorCode out when there is none. */
export function createFailure(
  phase: Phase,
  code: FailureCode,
  errorCode: string | undefined,
  detail: string,
  durationMs: number,
): PhaseFailure {
  const failure: PhaseFailure = { phase, code, detail, durationMs };
  if (errorCode !== undefined) failure.errorCode = errorCode;
  return failure;
}
