/** The verdict taxonomy of ../shared/DESIGN.md. Identifiers are a public contract: never rename. */

export const VERDICTS = [
  'ok',
  'dns_failure',
  'connect_refused',
  'connect_timeout',
  'tls_handshake_failed',
  'tls_wrong_certificate',
  'tls_expired',
  'tls_expiring',
  'tls_client_certificate_required',
  'response_timeout',
  'protocol_error',
  'http2_failure',
  'edge_origin_unreachable',
  'edge_blocked',
  'proxy_upstream_unavailable',
  'proxy_generated_error',
  'host_not_routed',
  'redirect_loop',
  'insecure_redirect',
  'app_error',
  'client_error',
  'unexpected_content',
  'wrong_version',
  'intermittent',
  'slow',
  'wrong_listener',
  'socket_missing',
  'owner_unknown',
  'config_drift',
] as const;

export type Verdict = (typeof VERDICTS)[number];

export type Layer = '-' | 'dns' | 'connect' | 'tls' | 'http' | 'edge' | 'proxy' | 'app' | 'content' | 'host';

export const VERDICT_LAYER: Record<Verdict, Layer> = {
  ok: '-',
  dns_failure: 'dns',
  connect_refused: 'connect',
  connect_timeout: 'connect',
  tls_handshake_failed: 'tls',
  tls_wrong_certificate: 'tls',
  tls_expired: 'tls',
  tls_expiring: 'tls',
  tls_client_certificate_required: 'tls',
  response_timeout: 'http',
  protocol_error: 'http',
  http2_failure: 'http',
  edge_origin_unreachable: 'edge',
  edge_blocked: 'edge',
  proxy_upstream_unavailable: 'proxy',
  proxy_generated_error: 'proxy',
  host_not_routed: 'proxy',
  redirect_loop: 'proxy',
  insecure_redirect: 'proxy',
  app_error: 'app',
  client_error: 'app',
  unexpected_content: 'content',
  wrong_version: 'content',
  intermittent: 'app',
  slow: 'content',
  wrong_listener: 'host',
  socket_missing: 'host',
  owner_unknown: 'host',
  config_drift: 'host',
};

/** One verdict with the reasoning behind it. */
export interface Diagnosis {
  verdict: Verdict;
  layer: Layer;
  /** one line an operator can act on: what failed, where, and what to look at next */
  summary: string;
  /** the observations that led here, one fact per line */
  evidence: string[];
  /** for a burst: its size and how many of its requests failed (added by diagnose(); absent for one probe) */
  burst?: { size: number; failed: number };
  /**
   * the same request over HTTP/1.1, asked after an HTTP/2 failure: its verdict, status and summary (present
   * on http2_failure when the re-probe was made)
   */
  overHttp1?: Http1Outcome;
  /**
   * the failing answer is the one the same door gives a Host it cannot have (the catch-all probe's): the
   * box answers every Host alike, either as a single site or because this name falls to its default server
   */
  sameAsCatchAll?: boolean;
}

/** What the same request got over HTTP/1.1 after failing in HTTP/2. */
export interface Http1Outcome {
  verdict: Verdict;
  /** null when no response arrived */
  status: number | null;
  summary: string;
}

export const FINDING_CODES = [
  'shared_front_door_down',
  'fleet_wide',
  'edge_only',
  'host_binding_missing',
  'origin_partial',
  'http2_only_failure',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  code: FindingCode;
  summary: string;
  /** target names the finding covers */
  targets: string[];
  /** the same targets' stable ids, in the same order */
  targetIds: string[];
}
