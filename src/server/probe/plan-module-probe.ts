import { isIP } from 'node:net';
import { buildProbeRequest } from '../../check/build-probe-request.js';
import { buildUrlTargets } from '../../check/build-url-targets.js';
import { DEFAULT_VERSION_HEADER } from '../../config/expand-targets.js';
import type { HttpModule, ModuleRegexp, ProbeModule } from '../../config/probe-module.js';
import type { Expectations, PatternExpectation, Target } from '../../config/target.js';
import { DEFAULT_HTTP_OFFER, HTTP1_ONLY } from '../../probe/http-offer.js';
import type { ProbeRequest } from '../../probe/observation.js';
import { stripBrackets } from '../../probe/strip-brackets.js';

/** What `/probe` asks for one target with one module: frontdoor's target (for diagnosis) and request. */
export interface ModuleProbePlan {
  target: Target;
  request: ProbeRequest;
  /** the name presented in SNI and checked against the certificate */
  serverName: string;
  /** the target's own host (an address or a name to resolve), without brackets */
  host: string;
}

export type PlanOutcome = { ok: true; plan: ModuleProbePlan } | { ok: false; problem: string };

const TWO_XX = Array.from({ length: 100 }, (_, index) => 200 + index);

/**
 * Turns `/probe`'s target parameter and a module into a probe, as blackbox_exporter's http prober reads
 * them: a target without a scheme gets `http://`; the Host header is the module's `Host` header (or the
 * `hostname` parameter, merged in by the caller), else the target's host; SNI, and the name the
 * certificate must cover, is `tls_config.server_name`, else that Host header's name, else the target's
 * host, and it holds while redirects stay on the target's host and port, as Go's ServerName does there.
 * A target that is not a URL is not an error of the request: blackbox answers it with probe_success 0,
 * and so does `/probe`.
 * @example planModuleProbe('https://127.0.0.1:8443/', module).plan.request.serverName // undefined
 */
export function planModuleProbe(targetParam: string, module: ProbeModule): PlanOutcome {
  const http = module.http;
  const text = /^https?:\/\//i.test(targetParam) ? targetParam : `http://${targetParam}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `could not parse target URL ${JSON.stringify(targetParam)}` };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      problem: 'the target URL carries credentials; send an Authorization header in the module',
    };
  }
  url.hash = '';
  const host = stripBrackets(url.hostname);
  const hostHeader = findHostHeader(http.headers);
  const serverName = (
    http.tls.serverName ??
    (hostHeader === undefined ? undefined : nameOf(hostHeader)) ??
    host
  ).toLowerCase();

  const [target] = buildUrlTargets([url], { expect: expectationsOf(http) });
  if (target === undefined) return { ok: false, problem: 'no target' };
  // Rules speak of the name visitors use: the one the request is addressed to, not the address.
  target.hostname = serverName;
  target.method = http.method;
  target.headers = withoutHost(http.headers);
  // blackbox_exporter follows a redirect to plain http like any other: a drop-in must not fail it.
  target.allowInsecureRedirect = true;
  // Go's transport with enable_http2 offers h2 and http/1.1 over TLS; without it, http/1.1 alone.
  target.http = http.enableHttp2 ? DEFAULT_HTTP_OFFER : HTTP1_ONLY;
  const request = buildProbeRequest(target, hostHeader);
  if (serverName !== host.toLowerCase()) request.serverName = serverName;
  if (http.body !== undefined) request.body = http.body;
  return { ok: true, plan: { target, request, serverName, host } };
}

/** The module's checks as frontdoor expectations, so diagnosis and probe_success judge the same things. */
export function expectationsOf(http: HttpModule): Expectations {
  const expect: Expectations = {
    versionHeader: DEFAULT_VERSION_HEADER,
    status: http.validStatusCodes.length > 0 ? [...http.validStatusCodes] : [...TWO_XX],
  };
  const bodyPatterns = [
    ...http.failIfBodyMatchesRegexp.map((regexp) => pattern(regexp, 'no_match')),
    ...http.failIfBodyNotMatchesRegexp.map((regexp) => pattern(regexp, 'match')),
  ];
  if (bodyPatterns.length > 0) expect.bodyPatterns = bodyPatterns;
  const headerPatterns = [
    ...http.failIfHeaderMatches.map((spec) => ({
      ...pattern(spec.regexp, 'no_match'),
      name: spec.header,
      allowMissing: spec.allowMissing,
    })),
    ...http.failIfHeaderNotMatches.map((spec) => ({
      ...pattern(spec.regexp, 'match'),
      name: spec.header,
      allowMissing: spec.allowMissing,
    })),
  ];
  if (headerPatterns.length > 0) expect.headerPatterns = headerPatterns;
  if (http.failIfSsl) expect.tls = false;
  else if (http.failIfNotSsl) expect.tls = true;
  if (http.validHttpVersions.length > 0) expect.httpVersions = [...http.validHttpVersions];
  return expect;
}

function pattern(regexp: ModuleRegexp, must: PatternExpectation['must']): PatternExpectation {
  return { shown: regexp.original, source: regexp.source, flags: regexp.flags, must };
}

function findHostHeader(headers: Readonly<Record<string, string>>): string | undefined {
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === 'host') return value;
  return undefined;
}

function withoutHost(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'host'));
}

/** "shop.test:8443" -> "shop.test", "[::1]:443" -> "::1": the name part of a Host header. */
function nameOf(hostHeader: string): string {
  const trimmed = hostHeader.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  if (bracketed?.[1] !== undefined) return bracketed[1];
  if (isIP(trimmed) === 6) return trimmed;
  return trimmed.replace(/:\d+$/, '');
}
