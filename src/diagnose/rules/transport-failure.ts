import { formatMilliseconds } from '../../format/format-milliseconds.js';
import { NO_SUBJECT_ALT_NAME } from '../../probe/classify-failure.js';
import type {
  CertificateInfo,
  FailureCode,
  PhaseFailure,
  ProbeObservation,
} from '../../probe/observation.js';
import { describeEndpoint, describeHostname, describePort, formatStatus } from '../response-facts.js';
import type { Rule } from '../rule-context.js';
import { type Diagnosis, VERDICT_LAYER, type Verdict } from '../verdict.js';
import { describeDeadline } from './describe-deadline.js';
import { describeUntrusted } from './describe-untrusted.js';
import { describeHttp2Failure } from './http2-failure.js';

const ASK_HOST = 'frontdoor host';

/**
 * A probe that failed before a usable response: the failure code alone names the verdict. The switch is
 * closed over FailureCode, so a new code does not compile until it has a verdict here.
 */
export const diagnoseTransportFailure: Rule = (ctx) => {
  const { observation } = ctx;
  const { failure } = observation;
  if (failure === undefined) return undefined;
  const endpoint = describeEndpoint(observation);
  const hostname = describeHostname(observation);
  const port = describePort(observation);
  const facts = describeFailure(observation, failure, endpoint);
  const make = (verdict: Verdict, summary: string, extra: string[] = []): Diagnosis => ({
    verdict,
    layer: VERDICT_LAYER[verdict],
    summary,
    evidence: [...facts, ...extra],
  });
  const code: FailureCode = failure.code;
  switch (code) {
    case 'dns_not_found':
      return make(
        'dns_failure',
        `${hostname} does not resolve (no such name or no address records): check its DNS record`,
      );
    case 'dns_servfail':
      return make(
        'dns_failure',
        `the resolver failed for ${hostname} (SERVFAIL/refused): check the zone's name servers`,
      );
    case 'dns_timeout':
      return make(
        'dns_failure',
        `resolving ${hostname} timed out: check the resolver and the zone's name servers`,
      );
    case 'dns_error':
      return make(
        'dns_failure',
        `resolving ${hostname} failed (${failure.errorCode ?? 'error'}): check its DNS record`,
      );
    case 'connect_refused':
      return make(
        'connect_refused',
        `nothing listens on ${endpoint}; ask the host who owns the port: ${ASK_HOST}`,
      );
    case 'connect_reset':
      return make(
        'connect_refused',
        `${endpoint} reset the TCP handshake: nothing accepts connections there; ask the host who owns the port: ${ASK_HOST}`,
      );
    case 'connect_error':
      return make(
        'connect_refused',
        `could not open a connection to ${endpoint} (${failure.errorCode ?? 'error'}): check the address and the local network`,
      );
    case 'connect_timeout':
      return make(
        'connect_timeout',
        `no answer from ${endpoint} to the TCP handshake in ${formatMilliseconds(failure.durationMs)}: the host is down or a firewall drops the packets`,
      );
    case 'connect_unreachable':
      return make(
        'connect_timeout',
        `no route to ${endpoint} (${failure.errorCode ?? 'unreachable'}): the host is down or the network path is broken`,
      );
    case 'tls_handshake_failed':
      return make(
        'tls_handshake_failed',
        `something answers on ${endpoint} but does not speak TLS: likely the wrong process holds :${port}; ask the host who owns it: ${ASK_HOST}`,
      );
    case 'tls_client_certificate_required':
      return make('tls_client_certificate_required', describeClientCertificateRequired(endpoint, port));
    case 'tls_timeout':
      return make(
        'tls_handshake_failed',
        `${endpoint} accepted the connection but never finished the TLS handshake: likely the wrong process holds :${port}; ask the host: ${ASK_HOST}`,
      );
    case 'tls_name_mismatch':
      return make(
        'tls_wrong_certificate',
        failure.errorCode === NO_SUBJECT_ALT_NAME
          ? describeCommonNameOnly(observation, endpoint)
          : describeWrongCertificate(observation, endpoint, 'does not cover'),
      );
    case 'tls_untrusted':
      return make('tls_wrong_certificate', describeUntrusted(observation, endpoint));
    case 'tls_cert_expired':
      return make(
        'tls_expired',
        describeExpiry(observation, endpoint, 'expired on', (cert) => cert.validTo),
      );
    case 'tls_cert_not_yet_valid':
      return make(
        'tls_expired',
        describeExpiry(observation, endpoint, 'is not valid until', (cert) => cert.validFrom),
      );
    case 'http_timeout':
      return make(
        'response_timeout',
        `${endpoint} accepted the request but sent no response head in ${formatMilliseconds(failure.durationMs)}: a hung upstream behind a patient proxy; look at the app's workers and the proxy's upstream timeouts`,
      );
    case 'http_body_timeout': {
      const head = observation.http === undefined ? 'answered' : `answered ${observation.http.status}`;
      return make(
        'response_timeout',
        `${endpoint} ${head} but the body stalled for ${formatMilliseconds(failure.durationMs)}: look at the upstream streaming it (app workers, proxy buffering)`,
      );
    }
    case 'total_timeout': {
      const { verdict, summary } = describeDeadline(observation, failure, {
        dns: `resolving ${hostname} is slow: check the resolver`,
        connect: `the TCP handshake with ${endpoint} is slow or unanswered: the host is overloaded, down, or a firewall drops the packets`,
        tls: `the TLS handshake with ${endpoint} is slow or never finishes: an overloaded proxy, or the wrong process on the port (${ASK_HOST})`,
        http: `${endpoint} is slow to answer: a hung upstream behind a patient proxy`,
      });
      return make(verdict, summary);
    }
    case 'http_parse_error':
      return make(
        'protocol_error',
        `${endpoint} answered with something that is not valid HTTP: likely the wrong process holds the port; ${ASK_HOST}`,
      );
    case 'http_headers_too_large':
      return make(
        'protocol_error',
        `${endpoint} sent response headers larger than the parser allows: look at what the app or proxy adds (cookies, debug headers)`,
      );
    case 'http_reset':
      return make(
        'protocol_error',
        `${endpoint} reset the connection after the request was sent: the proxy or app crashed or dropped it; read its error log`,
      );
    case 'http_closed_early':
      return make(
        'protocol_error',
        `${endpoint} closed the connection before a complete response: the proxy or app dropped it; read its error log`,
      );
    case 'h2_goaway':
    case 'h2_stream_reset':
    case 'h2_refused_stream':
    case 'h2_protocol_error':
    case 'h2_settings_timeout':
    case 'h2_not_negotiated': {
      const story = describeHttp2Failure(ctx, failure);
      return make('http2_failure', story.summary, story.evidence);
    }
    case 'redirect_loop':
      return make(
        'redirect_loop',
        describeRedirects(observation, 'came back to a URL already visited'),
        describeHops(observation),
      );
    case 'redirect_downgrade':
      return make('insecure_redirect', describeDowngrade(observation), describeHops(observation));
    case 'redirect_limit':
      return make(
        'redirect_loop',
        describeRedirects(observation, 'exceeded the redirect limit'),
        describeHops(observation),
      );
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
};

function describeFailure(observation: ProbeObservation, failure: PhaseFailure, endpoint: string): string[] {
  const facts: string[] = [];
  const { dns, tls } = observation;
  if (dns !== undefined && dns.addresses.length > 0 && failure.phase !== 'dns') {
    facts.push(`${dns.hostname} -> ${dns.addresses.map((a) => a.address).join(', ')} (${dns.source})`);
  }
  const cause = failure.errorCode === undefined ? failure.code : `${failure.code}, ${failure.errorCode}`;
  const action = {
    dns: `resolving ${dns?.hostname ?? describeHostname(observation)}`,
    connect: `connect to ${endpoint}`,
    tls: `TLS handshake with ${endpoint}${tls === undefined ? '' : ` (SNI ${tls.servername})`}`,
    http: `${observation.request.method ?? 'GET'} ${new URL(observation.url).pathname} on ${endpoint}`,
  }[failure.phase];
  facts.push(`${action} failed (${cause}) after ${formatMilliseconds(failure.durationMs)}`);
  if (failure.detail !== '') facts.push(`error: ${failure.detail}`);
  if (tls?.certificate !== undefined) facts.push(...describeCertificate(tls.certificate));
  if (failure.phase === 'tls' && tls?.chainLength !== undefined) {
    const covers =
      tls.coversName === undefined
        ? ''
        : `; its names ${tls.coversName ? 'cover' : 'do not cover'} ${tls.servername}`;
    facts.push(
      `chain of ${tls.chainLength} certificate${tls.chainLength === 1 ? '' : 's'} as sent by the server${covers}`,
    );
  }
  if (observation.http !== undefined) {
    facts.push(
      `answered ${formatStatus(observation.http)} in ${formatMilliseconds(observation.http.ttfbMs)}`,
    );
  }
  return facts;
}

/** Certificate facts, one per line, for any TLS verdict. */
export function describeCertificate(cert: CertificateInfo): string[] {
  const lines = [`certificate subject ${cert.subject}; SANs ${cert.subjectAltNames.join(', ') || 'none'}`];
  lines.push(
    `issuer ${cert.issuer}${cert.selfSigned ? ' (self-signed)' : ''}; valid ${cert.validFrom.slice(0, 10)} to ${cert.validTo.slice(0, 10)}`,
  );
  return lines;
}

function describeWrongCertificate(observation: ProbeObservation, endpoint: string, relation: string): string {
  const servername = observation.tls?.servername ?? describeHostname(observation);
  const cert = observation.tls?.certificate;
  if (cert === undefined) {
    return `the certificate on ${endpoint} ${relation} ${servername}: likely the wrong process or vhost answered`;
  }
  const names = cert.subjectAltNames.length > 0 ? cert.subjectAltNames.join(', ') : cert.subject;
  const issuer = cert.selfSigned ? `self-signed ${cert.issuer}` : `issued by ${cert.issuer}`;
  return `the certificate on ${endpoint} (${names}, ${issuer}) ${relation} ${servername}: likely the wrong process or vhost answered`;
}

/** Shared with the rule that reads the same refusal from a proxy's error page. */
export function describeClientCertificateRequired(endpoint: string, port: number): string {
  return `${endpoint} requires a client certificate (it asked for one in the TLS handshake and refused to go on without): visitors without one cannot get in; if that is not intended, look for client-certificate verification (nginx ssl_verify_client) on what holds :${port}`;
}

function describeCommonNameOnly(observation: ProbeObservation, endpoint: string): string {
  const servername = observation.tls?.servername ?? describeHostname(observation);
  const subject = observation.tls?.certificate?.subject;
  const named = subject === undefined ? '' : ` (${subject})`;
  return `the certificate on ${endpoint}${named} has no subjectAltName and names ${servername} only in its CN, which browsers ignore: every visitor gets a certificate error; reissue it with ${servername} as a subjectAltName`;
}

function describeExpiry(
  observation: ProbeObservation,
  endpoint: string,
  relation: string,
  pick: (cert: CertificateInfo) => string,
): string {
  const servername = observation.tls?.servername ?? describeHostname(observation);
  const cert = observation.tls?.certificate;
  const when = cert === undefined ? 'a date outside its validity' : pick(cert).slice(0, 10);
  const advice =
    relation === 'expired on'
      ? 'renew it and reload the proxy'
      : "check the host's clock and the certificate";
  return `the certificate for ${servername} on ${endpoint} ${relation} ${when}: ${advice}`;
}

function describeRedirects(observation: ProbeObservation, what: string): string {
  const count = observation.redirects.length;
  return `following redirects from ${observation.request.url} ${what} after ${count} hop${count === 1 ? '' : 's'}: check the proxy's redirect rules (http->https, trailing slash, X-Forwarded-Proto)`;
}

/** Every hop followed: "301 https://a.example/ (10.0.0.11:443) -> http://a.example/". */
export function describeHops(observation: ProbeObservation): string[] {
  return observation.redirects.map(
    (hop) =>
      `${hop.status} ${hop.url}${hop.address === undefined ? '' : ` (${hop.address})`} -> ${hop.location}`,
  );
}

function describeDowngrade(observation: ProbeObservation): string {
  const last = observation.redirects.at(-1);
  const from = last?.url ?? observation.request.url;
  const to = last === undefined ? 'plain http' : new URL(last.location, last.url).href;
  return `${from} redirects to plain http (${to}): visitors would leave TLS there; fix the redirect (behind an edge, check X-Forwarded-Proto), or allow it for this site with allow_insecure_redirect`;
}
