import type { ProbeModule } from '../../config/probe-module.js';

const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
]);

/**
 * The module as `/probe` applies it, defaults included, in blackbox_exporter's key names (what blackbox
 * prints under "Module configuration"). Secret request headers read `<secret>`, as blackbox prints secrets.
 */
export function describeModule(module: ProbeModule): Record<string, unknown> {
  const { http } = module;
  const described: Record<string, unknown> = { prober: module.prober };
  if (module.timeoutMs !== undefined) described.timeout = formatDuration(module.timeoutMs);
  const headers = Object.fromEntries(
    Object.entries(http.headers).map(([name, value]) => [
      name,
      SECRET_HEADERS.has(name.toLowerCase()) ? '<secret>' : value,
    ]),
  );
  const tls: Record<string, unknown> = { insecure_skip_verify: http.tls.insecureSkipVerify };
  if (http.tls.caFile !== undefined) tls.ca_file = http.tls.caFile;
  if (http.tls.serverName !== undefined) tls.server_name = http.tls.serverName;
  const matchSpec = (spec: ProbeModule['http']['failIfHeaderMatches'][number]) => ({
    header: spec.header,
    regexp: spec.regexp.original,
    allow_missing: spec.allowMissing,
  });
  described.http = {
    valid_status_codes: http.validStatusCodes.length > 0 ? http.validStatusCodes : '2xx',
    valid_http_versions: http.validHttpVersions,
    preferred_ip_protocol: http.preferredIpProtocol,
    ip_protocol_fallback: http.ipProtocolFallback,
    follow_redirects: http.followRedirects,
    enable_http2: false,
    method: http.method,
    headers,
    ...(http.body === undefined ? {} : { body: http.body }),
    fail_if_ssl: http.failIfSsl,
    fail_if_not_ssl: http.failIfNotSsl,
    fail_if_body_matches_regexp: http.failIfBodyMatchesRegexp.map((regexp) => regexp.original),
    fail_if_body_not_matches_regexp: http.failIfBodyNotMatchesRegexp.map((regexp) => regexp.original),
    fail_if_header_matches: http.failIfHeaderMatches.map(matchSpec),
    fail_if_header_not_matches: http.failIfHeaderNotMatches.map(matchSpec),
    tls_config: tls,
  };
  return described;
}

/** 1500 -> "1.5s", 60000 -> "1m", 250 -> "250ms". */
function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${ms / 1000}s`;
  return `${ms}ms`;
}
