import type { FixedAnswers } from './fixed-answers.js';

/**
 * What a probe saw, phase by phase. Observations never judge: they record addresses, codes, certificates,
 * status lines and timings. Diagnosis turns them into verdicts.
 * Durations are milliseconds with sub-millisecond precision (performance.now deltas).
 */

import type { HttpOffer } from './http-offer.js';

export type Phase = 'dns' | 'connect' | 'tls' | 'http';

/**
 * Closed set of ways a phase can fail. Classified from `err.code` (errno, OpenSSL verify codes, Node's
 * ERR_* codes) and from the probe's own timers, never from message text.
 */
export type FailureCode =
  // dns
  | 'dns_not_found' // ENOTFOUND / ENODATA: NXDOMAIN or no records of the family
  | 'dns_servfail' // ESERVFAIL, EREFUSED, ECONNREFUSED from the resolver
  | 'dns_timeout' // resolver or phase timer expired
  | 'dns_error' // anything else the resolver reported
  // connect
  | 'connect_refused' // ECONNREFUSED
  | 'connect_timeout' // phase timer, ETIMEDOUT
  | 'connect_unreachable' // EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL
  | 'connect_reset' // ECONNRESET during connect
  | 'connect_error'
  // tls
  | 'tls_cert_expired' // CERT_HAS_EXPIRED
  | 'tls_cert_not_yet_valid' // CERT_NOT_YET_VALID
  | 'tls_name_mismatch' // ERR_TLS_CERT_ALTNAME_INVALID
  | 'tls_untrusted' // UNABLE_TO_VERIFY_LEAF_SIGNATURE, SELF_SIGNED_CERT_IN_CHAIN, DEPTH_ZERO_SELF_SIGNED_CERT, ...
  | 'tls_handshake_failed' // protocol errors, alerts, wrong version number, reset or close during handshake
  | 'tls_client_certificate_required' // the server asked for a client certificate and refused to go on without
  | 'tls_timeout'
  // http
  | 'http_timeout' // no complete response head in time
  | 'http_body_timeout' // head received, body stalled
  | 'http_parse_error' // not valid HTTP (HPE_* codes)
  | 'http_headers_too_large' // HPE_HEADER_OVERFLOW
  | 'http_reset' // ECONNRESET after the request was sent
  | 'http_closed_early' // socket closed before a complete response
  // http, over HTTP/2 (errorCode: the RFC 9113 error code's name, such as ENHANCE_YOUR_CALM)
  | 'h2_goaway' // GOAWAY with an error code before the response was complete: the server ended the connection
  | 'h2_stream_reset' // RST_STREAM with an error code other than REFUSED_STREAM (PROTOCOL_ERROR included)
  | 'h2_refused_stream' // REFUSED_STREAM, a GOAWAY that leaves the stream out, or SETTINGS that allow no stream
  | 'h2_protocol_error' // the server's bytes are not valid HTTP/2 frames (nghttp2 refused them)
  | 'h2_settings_timeout' // HTTP/2 negotiated, but the server never sent its SETTINGS frame in time
  | 'h2_not_negotiated' // only h2 was offered and the server chose no protocol (or refused every one)
  | 'redirect_loop' // a Location came back to a URL already visited
  | 'redirect_limit' // more redirects than --follow allows
  | 'redirect_downgrade' // an https URL redirected to plain http, which the request does not allow
  | 'total_timeout'; // the whole-probe deadline expired

export interface PhaseFailure {
  phase: Phase;
  code: FailureCode;
  /** the lower-level code the failure was classified from (errno, OpenSSL or Node code), when there was one */
  errorCode?: string;
  /** human detail (the lower error's message); for display only, never for classification */
  detail: string;
  /** time spent in the failing phase before it failed */
  durationMs: number;
  /** for total_timeout: the whole probe's deadline that ran out, so a report can name it */
  deadlineMs?: number;
}

/**
 * Where an answer came from: the hosts file, a DNS query, the system's getaddrinfo, a run's cache (an answer
 * already there: no DNS time of its own), or a lookup already under way for another probe (`shared`: the wait
 * is real, the query is not this probe's).
 */
export type AnswerSource = 'hosts' | 'dns' | 'system' | 'cache' | 'shared';

export type AddressFamily = 4 | 6;

export interface ResolvedAddress {
  address: string;
  family: AddressFamily;
}

export interface DnsObservation {
  /**
   * where the answer came from: a fixed `resolve` entry, a connect-to pin given as an address, an IP literal, or
   * a lookup (AnswerSource: the hosts file, DNS, getaddrinfo, the run's cache, or another probe's lookup under
   * way). A `cache` answer took no DNS time: its durationMs is 0 and the probe's timings carry no dns phase.
   */
  source: 'fixed' | 'pinned' | 'literal' | AnswerSource;
  hostname: string;
  addresses: ResolvedAddress[];
  durationMs: number;
}

export interface ConnectObservation {
  address: string;
  port: number;
  family: AddressFamily;
  localAddress?: string;
  localPort?: number;
  durationMs: number;
}

/**
 * An address a connection was tried on and did not get through: refused, unreachable, or no answer to the
 * handshake while another address answered (after the attempt delay) or until the connect phase ran out.
 */
export interface DeadAddress {
  address: string;
  port: number;
  family: AddressFamily;
  code: FailureCode;
  /** the errno the attempt failed with, when it failed rather than went unanswered */
  errorCode?: string;
  /** from this attempt's start to its failure, or to when it was given up */
  durationMs: number;
}

export interface CertificateInfo {
  subject: string;
  subjectAltNames: string[];
  issuer: string;
  validFrom: string; // ISO 8601
  validTo: string; // ISO 8601
  fingerprint256: string;
  serialNumber: string;
  selfSigned: boolean;
}

export interface TlsObservation {
  servername: string;
  protocol?: string;
  cipher?: string;
  alpn?: string;
  /** chain and name verified against the trust store */
  authorized: boolean;
  /** classified verification failure, recorded even when --insecure lets the probe continue */
  verifyFailure?: FailureCode;
  verifyErrorCode?: string;
  certificate?: CertificateInfo;
  /**
   * End of validity (ISO 8601) of each certificate of the chain as the TLS stack holds it: the leaf, what
   * the server sent with it, and the trust store's issuer when the chain verified. Recorded only when
   * ProbeOptions.recordChain asks (it costs the chain's conversion).
   */
  chainValidTo?: string[];
  /**
   * the server sent a CertificateRequest: it asks visitors for a client certificate, which the probe never
   * presents (absent when it did not ask)
   */
  clientCertificateRequested?: true;
  /**
   * whether the leaf's names cover the servername (Node's RFC 6125 check), recorded whatever the chain's
   * verdict, so an untrusted certificate with the right names is told apart from the wrong certificate
   */
  coversName?: boolean;
  /** certificates the server presented: the leaf and the intermediates (and root) it sent with it */
  chainLength?: number;
  durationMs: number;
}

export interface HttpObservation {
  method: string;
  /** request target path + query */
  path: string;
  hostHeader: string;
  status: number;
  /** empty over HTTP/2, which has no reason phrase */
  statusText: string;
  /** "1.1" or "1.0" from the status line; "2.0" over HTTP/2 (Go's and Node's Proto, which blackbox compares) */
  httpVersion: string;
  /** lower-cased names; repeated headers joined with ", " except set-cookie which is an array */
  headers: Record<string, string | string[]>;
  /** from request written to first response byte (over HTTP/2: the first HEADERS frame of the stream) */
  ttfbMs: number;
  /** from first response byte to end of body (or to the cap) */
  transferMs: number;
  /** body as UTF-8 text up to the cap */
  body: string;
  bodyBytes: number;
  bodyTruncated: boolean;
}

export interface RedirectHop {
  url: string;
  status: number;
  location: string;
  /** that hop's own phase timings (its `total` is 0: the observation's total covers every hop) */
  timings?: Timings;
  /** the address and port that answered with this redirect ("10.0.0.11:443", "[::1]:8443") */
  address?: string;
  /** addresses of this hop's name that were tried and did not answer */
  deadAddresses?: DeadAddress[];
}

export interface Timings {
  dns?: number;
  connect?: number;
  tls?: number;
  ttfb?: number;
  transfer?: number;
  total: number;
}

/** The address a probe must connect to instead of resolving the URL's host (curl --connect-to). */
export interface ConnectTo {
  host: string;
  port?: number;
}

export interface ProbeRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** pin the connection to this address; SNI and Host still come from the URL */
  connectTo?: ConnectTo;
  /** fixed answers, hostname -> address (curl --resolve), consulted before the system resolver; shared, never copied */
  resolve?: FixedAnswers;
  /** override the Host header only (used to ask a front door for a hostname it cannot have) */
  hostHeader?: string;
  /** a request body, sent with its content-length on the first hop (blackbox modules' `body`) */
  body?: string;
  /**
   * The TLS server name (SNI, and the name the certificate must cover) when it is not the URL's hostname,
   * e.g. a URL naming an address. It holds while redirects stay on the URL's host and port, as
   * blackbox_exporter's `server_name` does.
   */
  serverName?: string;
  /**
   * follow a redirect from https to plain http; otherwise the probe stops there with redirect_downgrade and
   * sends nothing in the clear (its headers may carry credentials)
   */
  allowInsecureRedirect?: boolean;
  /**
   * the HTTP versions offered in TLS handshakes (ALPN), in order of preference; default h2, then http/1.1,
   * as browsers offer. Plain http hops speak HTTP/1.1 whatever the offer.
   */
  http?: HttpOffer;
}

export interface ProbeObservation {
  request: ProbeRequest;
  /** final URL probed (after redirects when followed) */
  url: string;
  startedAt: string;
  dns?: DnsObservation;
  connect?: ConnectObservation;
  tls?: TlsObservation;
  http?: HttpObservation;
  redirects: RedirectHop[];
  /** addresses of the last hop that were tried and did not get through, even when another one then did */
  deadAddresses?: DeadAddress[];
  /** absent when every phase completed */
  failure?: PhaseFailure;
  timings: Timings;
  /**
   * The same request again over HTTP/1.1 on fresh connections, made when this probe failed in HTTP/2 (an
   * h2_* failure code), so diagnosis can tell a fault of HTTP/2 from one of the site. Its own timings.
   */
  overHttp1?: ProbeObservation;
}
