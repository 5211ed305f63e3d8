import { resolve } from 'node:path';
import type { RawModule, RawModules } from './modules-schema.js';
import type { HeaderMatchSpec, HttpModule, ProbeModule } from './probe-module.js';

/** The module `/probe` uses without `module=`, as blackbox_exporter does. */
export const DEFAULT_MODULE_NAME = 'http_2xx';

type RawHttp = NonNullable<RawModule['http']>;
type RawHeaderMatch = NonNullable<RawHttp['fail_if_header_matches']>[number];

/**
 * Modules with blackbox_exporter's defaults applied (2xx, GET, follow redirects, ip6 preferred with
 * fallback, HTTP/2 enabled). `http_2xx` exists even when the file does not define it: blackbox's own example configuration
 * has it and its `/probe` falls back to it, so scrape configs that never name a module keep working.
 * `ca_file` is resolved against `folder`, the configuration file's, like every path in the file.
 */
export function buildModules(
  raw: RawModules | null | undefined,
  folder: string,
): Record<string, ProbeModule> {
  const modules: Record<string, ProbeModule> = {
    [DEFAULT_MODULE_NAME]: buildModule(DEFAULT_MODULE_NAME, { prober: 'http' }, folder),
  };
  for (const [name, module] of Object.entries(raw ?? {})) modules[name] = buildModule(name, module, folder);
  return modules;
}

function buildModule(name: string, raw: RawModule, folder: string): ProbeModule {
  const module: ProbeModule = { name, prober: 'http', http: buildHttp(raw.http ?? {}, folder) };
  if (raw.timeout !== undefined) module.timeoutMs = raw.timeout;
  return module;
}

function buildHttp(raw: RawHttp, folder: string): HttpModule {
  const tls = raw.tls_config ?? {};
  const http: HttpModule = {
    validStatusCodes: [...(raw.valid_status_codes ?? [])],
    validHttpVersions: [...(raw.valid_http_versions ?? [])],
    method: raw.method ?? 'GET',
    headers: { ...raw.headers },
    failIfSsl: raw.fail_if_ssl === true,
    failIfNotSsl: raw.fail_if_not_ssl === true,
    failIfBodyMatchesRegexp: [...(raw.fail_if_body_matches_regexp ?? [])],
    failIfBodyNotMatchesRegexp: [...(raw.fail_if_body_not_matches_regexp ?? [])],
    failIfHeaderMatches: (raw.fail_if_header_matches ?? []).map(buildHeaderMatch),
    failIfHeaderNotMatches: (raw.fail_if_header_not_matches ?? []).map(buildHeaderMatch),
    preferredIpProtocol: raw.preferred_ip_protocol ?? 'ip6',
    ipProtocolFallback: raw.ip_protocol_fallback ?? true,
    // blackbox: the deprecated no_follow_redirects, when given, decides over follow_redirects.
    followRedirects:
      raw.no_follow_redirects !== undefined ? !raw.no_follow_redirects : (raw.follow_redirects ?? true),
    // blackbox's HTTP client config defaults enable_http2 to true: https targets offer h2, then http/1.1.
    enableHttp2: raw.enable_http2 ?? true,
    tls: { insecureSkipVerify: tls.insecure_skip_verify === true },
  };
  if (raw.body !== undefined) http.body = raw.body;
  if (tls.ca_file !== undefined) http.tls.caFile = resolve(folder, tls.ca_file);
  if (tls.server_name !== undefined) http.tls.serverName = tls.server_name;
  return http;
}

function buildHeaderMatch(raw: RawHeaderMatch): HeaderMatchSpec {
  return { header: raw.header.toLowerCase(), regexp: raw.regexp, allowMissing: raw.allow_missing === true };
}
