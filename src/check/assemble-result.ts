import type { Target } from '../config/target.js';
import { daysLeft } from '../diagnose/certificate-days.js';
import type { CertificateSummary, DeadAddressReport, TargetResult } from '../diagnose/target-result.js';
import type { Diagnosis } from '../diagnose/verdict.js';
import { formatHostPort } from '../probe/format-host-port.js';
import type { ProbeObservation } from '../probe/observation.js';
import { formatConnectTo } from './format-connect-to.js';

/**
 * The observation a result reports status and timings from: the first failing one, since that is the
 * one an operator has to explain; when all passed, the slowest, since that bounds what visitors saw.
 */
export function pickRepresentative(
  observations: readonly ProbeObservation[],
  failed: readonly boolean[],
): ProbeObservation {
  const firstFailing = observations.find((_, index) => failed[index] === true);
  if (firstFailing !== undefined) return firstFailing;
  const [first, ...rest] = observations;
  if (first === undefined) throw new RangeError('pickRepresentative needs at least one observation');
  return rest.reduce((slowest, next) => (next.timings.total > slowest.timings.total ? next : slowest), first);
}

/** The structured certificate fields of a probe that completed (or failed) a TLS handshake. */
export function summarizeCertificate(observation: ProbeObservation): CertificateSummary | undefined {
  const tls = observation.tls;
  const cert = tls?.certificate;
  if (tls === undefined || cert === undefined) return undefined;
  return {
    subject: cert.subject,
    subjectAltNames: [...cert.subjectAltNames],
    issuer: cert.issuer,
    notBefore: cert.validFrom,
    notAfter: cert.validTo,
    daysLeft: daysLeft(cert, observation.startedAt) ?? null,
    chainLength: tls.chainLength ?? null,
    selfSigned: cert.selfSigned,
    trusted: tls.authorized,
    coversName: tls.coversName ?? null,
    fingerprint256: cert.fingerprint256,
  };
}

export interface AssembleInput {
  target: Target;
  observations: readonly ProbeObservation[];
  diagnosis: Diagnosis;
  /** per observation: did it fail on its own (used for the representative and the burst count) */
  failed: readonly boolean[];
}

/** Builds the `frontdoor check --json` result of one target (DESIGN.md contract). */
export function assembleResult({ target, observations, diagnosis, failed }: AssembleInput): TargetResult {
  const representative = pickRepresentative(observations, failed);
  const result: TargetResult = {
    id: target.id,
    target: target.name,
    url: target.url,
    connectTo: target.connectTo === undefined ? null : formatConnectTo(target.connectTo, new URL(target.url)),
    verdict: diagnosis.verdict,
    layer: diagnosis.layer,
    summary: diagnosis.summary,
    evidence: [...diagnosis.evidence],
    status: representative.http?.status ?? null,
    timings: { ...representative.timings },
    hostname: target.hostname,
    via: target.via,
  };
  const httpVersion = readHttpVersion(representative);
  if (httpVersion !== undefined) result.httpVersion = httpVersion;
  if (diagnosis.overHttp1 !== undefined) result.overHttp1 = { ...diagnosis.overHttp1 };
  if (target.site !== undefined) result.site = target.site;
  if (target.origin !== undefined) result.origin = target.origin;
  if (target.environment !== undefined) result.environment = target.environment;
  if (observations.length > 1) {
    result.burst = { size: observations.length, failed: failed.filter(Boolean).length };
  }
  if (representative.redirects.length > 0) {
    result.redirects = representative.redirects.map(({ url, status, location, address }) =>
      address === undefined ? { url, status, location } : { url, status, location, address },
    );
  }
  const dead = collectDeadAddresses(observations);
  if (dead.length > 0) result.deadAddresses = dead;
  if (diagnosis.sameAsCatchAll === true) result.sameAsCatchAll = true;
  const certificate = summarizeCertificate(representative);
  if (certificate !== undefined) result.certificate = certificate;
  return result;
}

/**
 * The HTTP version a probe spoke, curl's way ("2", "1.1"): the answer's, else what ALPN settled on (an HTTP/2
 * exchange that failed before its answer still spoke HTTP/2).
 */
export function readHttpVersion(observation: ProbeObservation): string | undefined {
  const version = observation.http?.httpVersion;
  if (version !== undefined) return version === '2.0' ? '2' : version;
  const alpn = observation.tls?.alpn;
  if (alpn === 'h2') return '2';
  return alpn === 'http/1.1' ? '1.1' : undefined;
}

/** The dead addresses of every probe (a burst's included), each address once, the longest wait kept. */
function collectDeadAddresses(observations: readonly ProbeObservation[]): DeadAddressReport[] {
  const byAddress = new Map<string, DeadAddressReport>();
  for (const observation of observations) {
    for (const dead of observation.deadAddresses ?? []) {
      const address = formatHostPort(dead.address, dead.port);
      const known = byAddress.get(address);
      if (known !== undefined && known.durationMs >= dead.durationMs) continue;
      const report: DeadAddressReport = { address, code: dead.code, durationMs: dead.durationMs };
      if (dead.errorCode !== undefined) report.errorCode = dead.errorCode;
      byAddress.set(address, report);
    }
  }
  return [...byAddress.values()];
}
