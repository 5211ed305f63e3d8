import type { CertificateInfo } from '../probe/observation.js';

/** A certificate must still be valid this many days unless a site says otherwise (expect.cert_min_days). */
export const DEFAULT_CERT_MIN_DAYS = 14;

const DAY_MS = 86_400_000;

/**
 * Whole days from `at` (an ISO time, the probe's start) until the certificate expires, rounded down:
 * 13.9 days left is 13, and an expired certificate has a negative count.
 * @example daysLeft({ validTo: '2026-12-07T00:00:00.000Z' }, '2026-11-23T00:00:00.000Z') // 14
 */
export function daysLeft(certificate: Pick<CertificateInfo, 'validTo'>, at: string): number | undefined {
  const end = Date.parse(certificate.validTo);
  const now = Date.parse(at);
  if (Number.isNaN(end) || Number.isNaN(now)) return undefined;
  return Math.floor((end - now) / DAY_MS);
}
