import { DEFAULT_CERT_MIN_DAYS, daysLeft } from '../certificate-days.js';
import { describeEndpoint } from '../response-facts.js';
import type { Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';
import { describeCertificate } from './transport-failure.js';

/**
 * The certificate is valid today but expires within the site's cert_min_days (default 14): renew before
 * visitors see an expiry error. Asked after every rule about the answer itself, since an expiring
 * certificate still serves visitors and must not hide an outage.
 */
export const diagnoseCertificateExpiring: Rule = ({ target, observation }) => {
  const certificate = observation.tls?.certificate;
  if (certificate === undefined) return undefined;
  const minDays = target.expect.certMinDays ?? DEFAULT_CERT_MIN_DAYS;
  const left = daysLeft(certificate, observation.startedAt);
  if (minDays <= 0 || left === undefined || left < 0 || left >= minDays) return undefined;
  const servername = observation.tls?.servername ?? target.hostname;
  const when = certificate.validTo.slice(0, 10);
  const inDays = left === 0 ? 'today' : `in ${left} day${left === 1 ? '' : 's'}`;
  return {
    verdict: 'tls_expiring',
    layer: VERDICT_LAYER.tls_expiring,
    summary: `the certificate for ${servername} on ${describeEndpoint(observation)} expires ${inDays} (${when}), within the ${minDays} days asked for: renew it and reload the proxy`,
    evidence: [
      ...describeCertificate(certificate),
      `${left} day${left === 1 ? '' : 's'} left at ${observation.startedAt}; cert_min_days ${minDays}`,
    ],
  };
};
