import { checkServerIdentity } from 'node:tls';
import { NO_SUBJECT_ALT_NAME, readErrorCode } from './classify-failure.js';
import type { CertificateInfo } from './observation.js';
import { type LeafCertificate, readCertificate, toIdentity } from './read-certificate.js';

/** Why the certificate does not cover a name, in Node's words. */
export interface NameMismatch {
  code: string;
  message: string;
}

/** What one certificate says, worked out once: the recorded facts and, per name asked, whether it covers it. */
export interface RecalledCertificate {
  /** frozen: every observation of this certificate shares it */
  info: Readonly<CertificateInfo>;
  leaf: LeafCertificate;
  names: Map<string, NameMismatch | null>;
  /** endpoint ("10.0.0.11:443") -> how many certificates it sent with this leaf, and when that was counted */
  chains: Map<string, { length: number; countedAt: number }>;
}

// Reading a certificate's fields goes through OpenSSL's printers one field at a time and the name check through
// Node's RFC 6125 matcher: ~4% of a probe's CPU, for an answer that only depends on the certificate's bytes. A
// fleet serves a handful of certificates to every burst and every round, so the answers are kept, keyed by the
// SHA-256 fingerprint of the DER (which the probe records anyway). Bounded; the oldest entry goes first.
const MAX_CERTIFICATES = 512;
const MAX_NAMES = 64;
const recalled = new Map<string, RecalledCertificate>();

/** The facts of `leaf`, read from it the first time its fingerprint is seen and remembered after that. */
export function recallCertificate(leaf: LeafCertificate): RecalledCertificate {
  const fingerprint = leaf.fingerprint256;
  const known = recalled.get(fingerprint);
  if (known !== undefined) return known;
  const info = readCertificate(leaf);
  Object.freeze(info.subjectAltNames);
  const entry: RecalledCertificate = { info: Object.freeze(info), leaf, names: new Map(), chains: new Map() };
  if (recalled.size >= MAX_CERTIFICATES) {
    const oldest = recalled.keys().next();
    if (oldest.done !== true) recalled.delete(oldest.value);
  }
  recalled.set(fingerprint, entry);
  return entry;
}

// Walking the chain a server sent builds one X509Certificate per issuer (~40 µs a probe, ~3% of its CPU), for
// an answer that changes only when the server is reconfigured: it is counted once per endpoint and leaf and
// counted again after a while, so a long-running watch sees a fixed chain within minutes.
const CHAIN_RECOUNT_MS = 300_000;

/** How many certificates `endpoint` sent with this leaf: `count()` at most once per endpoint every few minutes. */
export function recallChainLength(
  certificate: RecalledCertificate,
  endpoint: string,
  now: number,
  count: () => number,
): number {
  const known = certificate.chains.get(endpoint);
  if (known !== undefined && now - known.countedAt < CHAIN_RECOUNT_MS) return known.length;
  const length = count();
  if (certificate.chains.size >= MAX_NAMES) certificate.chains.clear();
  certificate.chains.set(endpoint, { length, countedAt: now });
  return length;
}

/** Whether a subjectAltName text ("DNS:a.example, IP Address:10.0.0.1") holds a name a client matches against. */
function hasNameEntries(subjectAltName: string | undefined): boolean {
  if (subjectAltName === undefined) return false;
  return subjectAltName
    .split(', ')
    .some((entry) => entry.startsWith('DNS:') || entry.startsWith('IP Address:'));
}

/**
 * Whether the certificate covers `hostname` as a browser would (undefined when it does): Node's own check, RFC
 * 6125 wildcards and all, and no CN fallback.
 */
export function checkCertificateName(
  certificate: RecalledCertificate,
  hostname: string,
): NameMismatch | undefined {
  const known = certificate.names.get(hostname);
  if (known !== undefined) return known ?? undefined;
  const error = checkServerIdentity(hostname, toIdentity(certificate.leaf));
  const mismatch =
    error !== undefined
      ? { code: readErrorCode(error) ?? 'ERR_TLS_CERT_ALTNAME_INVALID', message: error.message }
      : hasNameEntries(certificate.leaf.subjectAltName)
        ? null
        : {
            code: NO_SUBJECT_ALT_NAME,
            message: `the certificate has no subjectAltName: it names ${hostname} only in its CN, which browsers ignore`,
          };
  if (certificate.names.size >= MAX_NAMES) certificate.names.clear();
  certificate.names.set(hostname, mismatch);
  return mismatch ?? undefined;
}
