import { createFailure } from './classify-failure.js';
import { isRedirectStatus, pinForHop, redirectMethod, resolveRedirectTarget } from './follow-redirect.js';
import { formatHostPort } from './format-host-port.js';
import { DEFAULT_HTTP_OFFER, HTTP1_ONLY, type HttpOffer } from './http-offer.js';
import type { FailureCode, ProbeObservation, ProbeRequest, RedirectHop, Timings } from './observation.js';
import { type HopObservation, probeHop } from './probe-hop.js';
import type { ProbeOptions } from './probe-options.js';

function applyHop(observation: ProbeObservation, hop: HopObservation): void {
  const timings: Timings = { total: 0 };
  if (hop.dns !== undefined) {
    observation.dns = hop.dns;
    // An answer from the run's cache took no DNS time: a 0 would read as a very fast lookup.
    if (hop.dns.source !== 'cache') timings.dns = hop.dns.durationMs;
  } else delete observation.dns;
  if (hop.connect !== undefined) {
    observation.connect = hop.connect;
    timings.connect = hop.connect.durationMs;
  } else delete observation.connect;
  if (hop.tls !== undefined) {
    observation.tls = hop.tls;
    timings.tls = hop.tls.durationMs;
  } else delete observation.tls;
  if (hop.http !== undefined) {
    observation.http = hop.http;
    timings.ttfb = hop.http.ttfbMs;
    timings.transfer = hop.http.transferMs;
  } else delete observation.http;
  if (hop.deadAddresses !== undefined) observation.deadAddresses = hop.deadAddresses;
  else delete observation.deadAddresses;
  if (hop.failure !== undefined) observation.failure = hop.failure;
  observation.timings = timings;
}

/**
 * The redirect a hop answered with, where it came from, which of its addresses were dead, and its own phase
 * timings (its `total` is 0: the observation's total covers every hop).
 */
function recordRedirect(
  hop: HopObservation,
  url: URL,
  status: number,
  location: string,
  timings: Timings,
): RedirectHop {
  const redirect: RedirectHop = { url: url.href, status, location, timings: { ...timings } };
  if (hop.connect !== undefined) redirect.address = formatHostPort(hop.connect.address, hop.connect.port);
  if (hop.deadAddresses !== undefined) redirect.deadAddresses = hop.deadAddresses;
  return redirect;
}

function locationOf(observation: ProbeObservation): string | undefined {
  const location = observation.http?.headers.location;
  return typeof location === 'string' && location !== '' ? location : undefined;
}

/** The failures of an HTTP/2 exchange, after which the same request is asked again over HTTP/1.1. */
const HTTP2_FAILURES: ReadonlySet<FailureCode> = new Set<FailureCode>([
  'h2_goaway',
  'h2_stream_reset',
  'h2_refused_stream',
  'h2_protocol_error',
  'h2_settings_timeout',
  'h2_not_negotiated',
]);

/** Whether a failure is HTTP/2's own: its code is one of the h2_* codes. */
export function isHttp2Failure(code: FailureCode): boolean {
  return HTTP2_FAILURES.has(code);
}

/**
 * Probes one URL the way a new visitor would: DNS, TCP, TLS offering HTTP/2 and HTTP/1.1 (the request's `http`
 * offer), one request on a fresh connection in the protocol the server chose, following up to
 * `options.follow` redirects. Every phase has its own timer and the whole probe ends within
 * `options.timeouts.totalMs`. When the HTTP/2 exchange fails (an h2_* code), the same request is made again
 * over HTTP/1.1 within what is left of that deadline and recorded as `overHttp1` (unless
 * `options.retryOverHttp1` is false), so diagnosis can tell HTTP/2's fault from the site's. Failures of the
 * target are recorded in `observation.failure`, never thrown; the rejections are FrontdoorError
 * FD_ERR_LOCAL_RESOURCE, when this machine itself cannot open a socket or read its resolver's files, and
 * FD_ERR_INVALID_REQUEST, for a request that cannot be written (nothing is sent).
 * Phase timings are those of the last hop; `timings.total` covers every hop (not the HTTP/1.1 re-probe).
 */
export async function runProbe(request: ProbeRequest, options: ProbeOptions): Promise<ProbeObservation> {
  const started = performance.now();
  const deadline = started + options.timeouts.totalMs;
  const offer = request.http ?? DEFAULT_HTTP_OFFER;
  const observation = await probeUrl(request, options, deadline, offer);
  observation.timings.total = performance.now() - started;
  const code = observation.failure?.code;
  if (code !== undefined && isHttp2Failure(code) && options.retryOverHttp1 !== false) {
    // Its own timings, inside the same deadline: the re-probe never makes a probe outlast --timeout.
    const retried = performance.now();
    if (deadline > retried) {
      const again = await probeUrl(request, options, deadline, HTTP1_ONLY);
      again.timings.total = performance.now() - retried;
      observation.overHttp1 = again;
    }
  }
  return observation;
}

async function probeUrl(
  request: ProbeRequest,
  options: ProbeOptions,
  deadline: number,
  offer: HttpOffer,
): Promise<ProbeObservation> {
  const observation: ProbeObservation = {
    request,
    url: request.url,
    startedAt: new Date().toISOString(),
    redirects: [],
    timings: { total: 0 },
  };
  let original: URL;
  try {
    original = new URL(request.url);
  } catch {
    observation.failure = createFailure('dns', 'dns_error', undefined, `not a valid URL: ${request.url}`, 0);
    return observation;
  }
  let url = original;
  let method = (request.method ?? 'GET').toUpperCase();
  const visited = new Set<string>([url.href]);
  for (;;) {
    const hop = await probeHop(
      {
        url,
        method,
        headers: request.headers,
        hostHeader: url === original ? request.hostHeader : undefined,
        connectTo: pinForHop(url, original, request.connectTo),
        resolve: request.resolve,
        // Like a browser, a redirect never re-sends the body (a 307/308 would; no probe needs that yet).
        body: url === original ? request.body : undefined,
        serverName: url.host === original.host ? request.serverName : undefined,
        http: offer,
      },
      options,
      deadline,
    );
    observation.url = url.href;
    applyHop(observation, hop);
    const status = observation.http?.status ?? 0;
    if (hop.failure !== undefined || options.follow <= 0 || !isRedirectStatus(status)) break;
    const location = locationOf(observation);
    const next = location === undefined ? undefined : resolveRedirectTarget(location, url);
    if (location === undefined || next === undefined) break;
    observation.redirects.push(recordRedirect(hop, url, status, location, observation.timings));
    if (visited.has(next.href)) {
      observation.failure = createFailure(
        'http',
        'redirect_loop',
        undefined,
        `${url.href} redirects back to ${next.href}`,
        0,
      );
      break;
    }
    if (url.protocol === 'https:' && next.protocol === 'http:' && request.allowInsecureRedirect !== true) {
      const detail = `${url.href} redirects to plain http: ${next.href} (not followed)`;
      observation.failure = createFailure('http', 'redirect_downgrade', undefined, detail, 0);
      break;
    }
    if (observation.redirects.length > options.follow) {
      const detail = `more than ${options.follow} redirect${options.follow === 1 ? '' : 's'} (next: ${next.href})`;
      observation.failure = createFailure('http', 'redirect_limit', undefined, detail, 0);
      break;
    }
    visited.add(next.href);
    method = redirectMethod(status, method);
    url = next;
  }
  if (observation.failure?.code === 'total_timeout') {
    observation.failure.deadlineMs = options.timeouts.totalMs;
  }
  return observation;
}
