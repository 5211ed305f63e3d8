import type { FailureCode, Timings } from '../probe/observation.js';
import type { Http1Outcome, Layer, Verdict } from './verdict.js';

/** The certificate an https target presented, as `check --json` reports it for every https result. */
export interface CertificateSummary {
  subject: string;
  subjectAltNames: string[];
  issuer: string;
  /** ISO 8601 */
  notBefore: string;
  notAfter: string;
  /** whole days from the probe's start until notAfter; negative once expired */
  daysLeft: number | null;
  /** certificates the server presented: the leaf and the intermediates (and root) it sent with it */
  chainLength: number | null;
  selfSigned: boolean;
  /** the chain and the name verified against the trust store */
  trusted: boolean;
  /** the certificate's names cover the hostname asked for (SNI) */
  coversName: boolean | null;
  fingerprint256: string;
}

/**
 * One target's outcome in a run: the JSON contract of `frontdoor check --json` (DESIGN.md).
 * Fields may be added; the contract's names (target, url, connectTo, verdict, layer, summary, evidence,
 * status, timings) never change.
 */
export interface TargetResult {
  /** the target's stable id (Target.id): keys history, gaps and incidents */
  id: string;
  target: string;
  url: string;
  /** "10.0.0.11:443" when the connection was pinned to an origin, otherwise null */
  connectTo: string | null;
  verdict: Verdict;
  layer: Layer;
  summary: string;
  evidence: string[];
  /** HTTP status of the representative probe, null when no response arrived */
  status: number | null;
  /**
   * the HTTP version the representative probe spoke, as curl's %{http_version} writes it: "2", "1.1" or
   * "1.0"; when no answer came, the one its TLS handshake negotiated (ALPN); absent when neither is known
   */
  httpVersion?: string;
  /** after an HTTP/2 failure (http2_failure), what the same request got over HTTP/1.1 */
  overHttp1?: Http1Outcome;
  timings: Timings;
  hostname: string;
  /** 'edge' (a site's public path), 'dns' (a URL from the command line), or the origin name */
  via: string;
  site?: string;
  origin?: string;
  environment?: string;
  /** burst size and how many of its probes failed; absent for a single probe */
  burst?: { size: number; failed: number };
  /** the failing answer equals the one for a Host the door cannot have (see Diagnosis.sameAsCatchAll) */
  sameAsCatchAll?: boolean;
  /** the representative probe's certificate (https only) */
  certificate?: CertificateSummary;
  /** every redirect followed by the representative probe, in order; absent when none was */
  redirects?: RedirectStep[];
  /** addresses tried that did not get through, over every probe of the target, even when the target passed */
  deadAddresses?: DeadAddressReport[];
}

/** One redirect followed: the URL asked, its status and Location, and the address that answered. */
export interface RedirectStep {
  url: string;
  status: number;
  location: string;
  /** "10.0.0.11:443" */
  address?: string;
}

/** An address a probe tried that did not get through. */
export interface DeadAddressReport {
  /** "10.0.0.11:443", "[2001:db8::12]:443" */
  address: string;
  code: FailureCode;
  errorCode?: string;
  durationMs: number;
}

export interface CheckReport {
  ok: boolean;
  results: TargetResult[];
  findings: import('./verdict.js').Finding[];
}
