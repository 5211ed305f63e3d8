import type { ProbeObservation } from '../../probe/observation.js';

/** What each OpenSSL verify result says about where the trust broke, and what to do about it. */
const TRUST_ADVICE: Record<string, (issuer: string) => string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: () =>
    'it is self-signed: trust it with --ca FILE (or ca: in the configuration), or serve one from a CA',
  SELF_SIGNED_CERT_IN_CHAIN: (issuer) =>
    `its chain ends in a root this machine does not trust (${issuer}): if that CA is yours, pass it with --ca FILE or ca: in the configuration`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: (issuer) =>
    `its issuer (${issuer}) is not in this machine's trust store: a private CA (pass it with --ca FILE or ca: in the configuration), or the server leaves out its intermediate certificate (serve the full chain)`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: (issuer) =>
    `its issuer (${issuer}) is not in this machine's trust store: a private CA (pass it with --ca FILE or ca: in the configuration), or the server leaves out its intermediate certificate (serve the full chain)`,
  UNABLE_TO_GET_ISSUER_CERT: (issuer) =>
    `the certificate of its issuer (${issuer}) could not be found: serve the full chain, or pass the CA with --ca FILE or ca: in the configuration`,
};

/**
 * The summary for a certificate that failed verification (tls_untrusted). When its names cover the host,
 * the certificate is the right one and only trust failed: say so, name the issuer and point at --ca / ca:.
 * When the names do not cover it either, the wrong process or vhost is the likelier story.
 */
export function describeUntrusted(observation: ProbeObservation, endpoint: string): string {
  const servername = observation.tls?.servername ?? new URL(observation.request.url).hostname;
  const cert = observation.tls?.certificate;
  const code = observation.tls?.verifyErrorCode ?? observation.failure?.errorCode;
  if (cert === undefined) {
    return `the certificate on ${endpoint} is not trusted for ${servername}${code === undefined ? '' : ` (${code})`}: pass its CA with --ca FILE or ca: in the configuration if it is a private one`;
  }
  const names = cert.subjectAltNames.length > 0 ? cert.subjectAltNames.join(', ') : cert.subject;
  if (observation.tls?.coversName === false) {
    return `the certificate on ${endpoint} (${names}, issued by ${cert.issuer}) neither covers ${servername} nor is trusted: likely the wrong process or vhost answered`;
  }
  const advice =
    (code === undefined ? undefined : TRUST_ADVICE[code]?.(cert.issuer)) ??
    `it is not trusted (${code ?? 'unverified'}, issuer ${cert.issuer}): if its CA is a private one, pass it with --ca FILE or ca: in the configuration`;
  return `the certificate on ${endpoint} for ${servername} is untrusted: its names cover ${servername}, but ${advice}`;
}
