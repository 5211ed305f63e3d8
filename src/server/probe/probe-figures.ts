import { isIP } from 'node:net';
import { isRedirectStatus } from '../../probe/follow-redirect.js';
import type { HttpObservation, ProbeObservation, Timings } from '../../probe/observation.js';
import type { ModuleProbeOutcome } from './run-module-probe.js';

/** One series of a `/probe` answer. */
export interface ProbeSample {
  name: string;
  help: string;
  labels?: Readonly<Record<string, string>>;
  value: number;
}

/** Go's zero time.Time as Unix seconds: what blackbox reports as the last chain's expiry with no verified chain. */
export const GO_ZERO_TIME_SECONDS = -62135596800;

const HELP = {
  probe_success: 'Displays whether or not the probe was a success',
  probe_duration_seconds: 'Returns how long the probe took to complete in seconds',
  probe_http_duration_seconds: 'Duration of http request by phase, summed over all redirects',
  probe_http_content_length: 'Length of http content response',
  probe_http_uncompressed_body_length: 'Length of uncompressed response body',
  probe_http_redirects: 'The number of redirects',
  probe_http_ssl: 'Indicates if SSL was used for the final redirect',
  probe_http_status_code: 'Response HTTP status code',
  probe_http_version: 'Returns the version of HTTP of the probe response',
  probe_failed_due_to_regex: 'Indicates if probe failed due to regex',
  probe_http_last_modified_timestamp_seconds: 'Returns the Last-Modified HTTP response header in unixtime',
  probe_ip_protocol: 'Specifies whether probe ip protocol is IP4 or IP6',
  probe_ip_addr_hash: "Specifies the hash of IP address. It's useful to detect if the IP address changes.",
  probe_dns_lookup_time_seconds: 'Returns the time taken for probe dns lookup in seconds',
  probe_ssl_earliest_cert_expiry: 'Returns last SSL chain expiry in unixtime',
  probe_ssl_last_chain_expiry_timestamp_seconds: 'Returns last SSL chain expiry in timestamp',
  probe_ssl_last_chain_info: 'Contains SSL leaf certificate information',
  probe_tls_version_info: 'Returns the TLS version used or NaN when unknown',
  frontdoor_verdict: "frontdoor's verdict on this probe and the layer it names: 1 on the current one",
} as const;

type Name = keyof typeof HELP;

const TLS_VERSIONS: Readonly<Record<string, string>> = {
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};

/**
 * Every series of a `/probe` answer, with blackbox_exporter's http prober's names, labels and meanings
 * (prober/http.go, utils.go, tls.go at v0.23), plus `frontdoor_verdict`. Series blackbox registers only in
 * some cases are present in the same cases: the address metrics once a lookup was attempted, the phase
 * durations as it fills them (resolve always; connect, tls, processing and transfer once a request was
 * made), the certificate metrics only for an answer over TLS, Last-Modified only when it parses. Pure.
 */
export function computeProbeFigures(outcome: ModuleProbeOutcome): ProbeSample[] {
  const samples: ProbeSample[] = [];
  const add = (name: Name, value: number, labels?: Record<string, string>) => {
    samples.push(
      labels === undefined ? { name, help: HELP[name], value } : { name, help: HELP[name], labels, value },
    );
  };
  const { observation, judgement, module } = outcome;
  add('probe_success', judgement.success ? 1 : 0);
  add('probe_duration_seconds', outcome.durationSeconds);
  const http = observation?.http;
  // blackbox does not follow a redirect when told not to, but still counts the one it was offered, and
  // leaves that answer's body unread.
  const unfollowed =
    http !== undefined &&
    !module.http.followRedirects &&
    isRedirectStatus(http.status) &&
    http.headers.location !== undefined;
  add('probe_http_content_length', http === undefined ? 0 : readContentLength(http));
  add('probe_http_uncompressed_body_length', http === undefined || unfollowed ? 0 : http.bodyBytes);
  add('probe_http_redirects', unfollowed ? 1 : (observation?.redirects.length ?? 0));
  const secure = http !== undefined && observation?.tls !== undefined;
  add('probe_http_ssl', secure ? 1 : 0);
  add('probe_http_status_code', http?.status ?? 0);
  add('probe_http_version', http === undefined ? 0 : Number.parseFloat(http.httpVersion) || 0);
  add('probe_failed_due_to_regex', judgement.failedDueToRegex ? 1 : 0);
  if (observation === undefined) return samples;

  addAddressFigures(observation, add);
  // blackbox gives up before its request when the first lookup fails: the other phases never appear.
  const lookupFailed = observation.failure?.phase === 'dns' && observation.redirects.length === 0;
  for (const [phase, seconds] of Object.entries(sumPhases(observation))) {
    if (!lookupFailed || phase === 'resolve') add('probe_http_duration_seconds', seconds, { phase });
  }
  const lastModified = http === undefined ? undefined : readLastModified(http);
  if (lastModified !== undefined) add('probe_http_last_modified_timestamp_seconds', lastModified);
  const tls = observation.tls;
  if (secure && tls !== undefined) {
    const expiries = (tls.chainValidTo ?? (tls.certificate === undefined ? [] : [tls.certificate.validTo]))
      .map((iso) => Date.parse(iso) / 1000)
      .filter(Number.isFinite);
    const earliest = expiries.length === 0 ? GO_ZERO_TIME_SECONDS : Math.min(...expiries);
    add('probe_ssl_earliest_cert_expiry', earliest);
    add('probe_tls_version_info', 1, { version: TLS_VERSIONS[tls.protocol ?? ''] ?? 'unknown' });
    // Go takes the latest of its verified chains' earliest expiries; Node verifies one chain, and none
    // when verification failed (insecure_skip_verify), where Go's answer is its zero time.
    add('probe_ssl_last_chain_expiry_timestamp_seconds', tls.authorized ? earliest : GO_ZERO_TIME_SECONDS);
    const leaf = tls.certificate;
    if (leaf !== undefined) {
      add('probe_ssl_last_chain_info', 1, {
        fingerprint_sha256: leaf.fingerprint256.replaceAll(':', '').toLowerCase(),
        subject: toGoName(leaf.subject),
        issuer: toGoName(leaf.issuer),
        subjectalternative: leaf.subjectAltNames.filter((name) => isIP(name) === 0).join(','),
      });
    }
  }
  const diagnosis = outcome.diagnosis;
  if (diagnosis !== undefined) {
    add('frontdoor_verdict', 1, { verdict: diagnosis.verdict, layer: diagnosis.layer });
  }
  return samples;
}

function addAddressFigures(observation: ProbeObservation, add: (name: Name, value: number) => void): void {
  const firstDns = observation.redirects[0]?.timings?.dns ?? observation.timings.dns;
  const dnsFailure = observation.failure?.phase === 'dns' ? observation.failure : undefined;
  // The first hop's address when redirects were followed is not kept; the final hop's stands in.
  const chosen = observation.dns?.addresses[0];
  add('probe_ip_protocol', dnsFailure === undefined && chosen !== undefined ? chosen.family : 0);
  add(
    'probe_ip_addr_hash',
    dnsFailure === undefined && chosen !== undefined ? hashAddress(chosen.address) : 0,
  );
  add('probe_dns_lookup_time_seconds', (firstDns ?? dnsFailure?.durationMs ?? 0) / 1000);
}

/**
 * blackbox's per-phase sums over every hop: resolve always; connect and tls for hops that got a
 * connection (TLS done); processing for hops that got a response; transfer for the final answer only
 * (its trace of earlier hops never reaches the end of a body).
 */
export function sumPhases(
  observation: ProbeObservation,
): Record<'resolve' | 'connect' | 'tls' | 'processing' | 'transfer', number> {
  const sums = { resolve: 0, connect: 0, tls: 0, processing: 0, transfer: 0 };
  const dnsFailure = observation.failure?.phase === 'dns' ? observation.failure.durationMs : 0;
  const hops: Array<{ timings: Timings; connected: boolean; answered: boolean }> = observation.redirects.map(
    (hop) => ({
      timings: hop.timings ?? { total: 0 },
      connected: true,
      answered: true,
    }),
  );
  const failedPhase = observation.failure?.phase;
  hops.push({
    timings: observation.timings,
    connected: failedPhase !== 'dns' && failedPhase !== 'connect' && failedPhase !== 'tls',
    answered: observation.http !== undefined,
  });
  // Milliseconds are summed first and turned into seconds once, so the sums carry no extra rounding.
  for (const hop of hops) {
    sums.resolve += hop.timings.dns ?? 0;
    if (hop.connected) {
      sums.connect += hop.timings.connect ?? 0;
      sums.tls += hop.timings.tls ?? 0;
    }
    if (hop.answered) sums.processing += hop.timings.ttfb ?? 0;
  }
  sums.resolve += dnsFailure;
  if (observation.http !== undefined) sums.transfer = observation.timings.transfer ?? 0;
  for (const phase of Object.keys(sums) as Array<keyof typeof sums>) sums[phase] /= 1000;
  return sums;
}

/** Go's Response.ContentLength: the header's value, 0 for 204 and 304, -1 when unknown (chunked, until close). */
export function readContentLength(http: HttpObservation): number {
  if (http.status === 204 || http.status === 304) return 0;
  const encoding = http.headers['transfer-encoding'];
  if (typeof encoding === 'string' && /chunked/i.test(encoding)) return -1;
  const length = http.headers['content-length'];
  const text = Array.isArray(length) ? length[0] : length;
  return text !== undefined && /^\d+$/.test(text.trim()) ? Number(text.trim()) : -1;
}

/** Last-Modified as Unix seconds, when it is an HTTP date (RFC 9110 5.6.7). */
function readLastModified(http: HttpObservation): number | undefined {
  const value = http.headers['last-modified'];
  if (typeof value !== 'string') return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : Math.floor(parsed / 1000);
}

/** FNV-1a (32 bit) over the address's bytes, as blackbox's ipHash: 4 bytes for IPv4, 16 for IPv6. */
export function hashAddress(address: string): number {
  let hash = 0x811c9dc5;
  for (const byte of addressBytes(address)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function addressBytes(address: string): number[] {
  if (isIP(address) === 4) return address.split('.').map(Number);
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  let left = groups(head);
  let right = address.includes('::') ? groups(tail) : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const expand = (list: string[]) =>
    list.flatMap((group) => {
      if (!group.includes('.')) return [group];
      const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  left = expand(left);
  right = expand(right);
  const all = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const bytes = all.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
  // Go's To4() is non-nil for IPv4-mapped addresses: those hash as their 4 bytes.
  const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** "C=NL, O=Shop, CN=shop.test" (Node's order) as Go's pkix.Name.String() writes it: "CN=shop.test,O=Shop,C=NL". */
function toGoName(name: string): string {
  return name.split(', ').reverse().join(',');
}
