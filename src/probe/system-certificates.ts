import { readFile } from 'node:fs/promises';
import * as tls from 'node:tls';

/**
 * Where distributions keep the system's trust bundle (Go's crypto/x509 looks in the same places).
 * Node's own store is Mozilla's list compiled into the binary: a private CA that an operator installed
 * with update-ca-certificates is only in these files.
 */
export const SYSTEM_BUNDLES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Alpine, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/tls/cacert.pem', // OpenELEC
  '/etc/ssl/cert.pem', // Alpine, macOS-like layouts
];

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

type CaCertificateLister = (type: 'system') => string[];

/**
 * The system trust store as PEM certificates: Node's own reader where the runtime has one (Node >= 22.15),
 * else the first readable bundle of `bundles`; by default SSL_CERT_FILE, as OpenSSL honours it, comes first.
 * An unreadable store is not an error: probes then trust Node's bundled roots (and --ca files) only.
 */
export async function readSystemCertificates(
  bundles: readonly string[] = SYSTEM_BUNDLES,
  env: Record<string, string | undefined> = process.env,
): Promise<string[]> {
  // An explicit bundle list is the caller's answer to "where is the system store"; only the default
  // lookup consults SSL_CERT_FILE and the runtime.
  const byDefault = bundles === SYSTEM_BUNDLES;
  const lister = (tls as { getCACertificates?: CaCertificateLister }).getCACertificates;
  if (byDefault && lister !== undefined && env.SSL_CERT_FILE === undefined) return lister('system');
  const candidates = byDefault && env.SSL_CERT_FILE !== undefined ? [env.SSL_CERT_FILE, ...bundles] : bundles;
  for (const path of candidates) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    const certificates = text?.match(PEM_CERTIFICATE);
    if (certificates) return certificates;
  }
  return [];
}

/**
 * Node's default trust store as PEM: its compiled-in roots plus NODE_EXTRA_CA_CERTS. An explicit `ca`
 * list replaces that store whole, so the extra certificates must be carried over by hand; Node >= 22.15
 * answers this itself.
 */
export async function readNodeDefaultCertificates(
  env: Record<string, string | undefined> = process.env,
  // null, not undefined, says "the runtime cannot list": undefined would bring the default back.
  lister: ((type: 'default') => string[]) | null = (
    tls as { getCACertificates?: (type: 'default') => string[] }
  ).getCACertificates ?? null,
): Promise<string[]> {
  if (lister !== null) return lister('default');
  const extraFile = env.NODE_EXTRA_CA_CERTS;
  if (extraFile === undefined || extraFile === '') return [...tls.rootCertificates];
  const text = await readFile(extraFile, 'utf8').catch(() => undefined);
  return [...tls.rootCertificates, ...(text?.match(PEM_CERTIFICATE) ?? [])];
}
