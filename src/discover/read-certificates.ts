import { X509Certificate } from 'node:crypto';
import { describeReadFailure, readBoundedFile } from '../fs/read-bounded-file.js';
import { CERTIFICATE_READ_LIMIT } from '../fs/read-limits.js';
import type {
  CertificateInfo,
  CertificateTrust,
  NginxCertificate,
  NginxInventory,
} from './nginx/nginx-inventory.js';

/** Reads a certificate file; injected so tests and dumps from other machines need no real files. */
export type ReadCertificateFile = (path: string) => Promise<Buffer>;

/** A certificate path can name anything (a FIFO, /dev/zero): read it as a bounded regular file. */
export const readCertificateFromDisk: ReadCertificateFile = (path) =>
  readBoundedFile(path, CERTIFICATE_READ_LIMIT);

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The roots a client trusts (Node's and the system's), parsed once; empty when unknown. */
export type TrustedRoots = readonly X509Certificate[];

export function parseTrustedRoots(pems: readonly string[]): X509Certificate[] {
  const roots: X509Certificate[] = [];
  for (const pem of pems) {
    try {
      roots.push(new X509Certificate(pem));
    } catch {
      // A root the runtime cannot parse cannot anchor a chain either.
    }
  }
  return roots;
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

/** Walks the file's chain from the leaf up: to a trusted root, a self-signed top, or an unknown issuer. */
function assessTrust(chain: X509Certificate[], roots: TrustedRoots): CertificateTrust {
  const [leaf] = chain;
  if (leaf === undefined) return 'unknown-issuer';
  let current = leaf;
  const used = new Set<X509Certificate>([leaf]);
  for (;;) {
    if (roots.some((root) => issuedBy(current, root))) return 'public';
    if (issuedBy(current, current)) return current === leaf ? 'self-signed' : 'root-in-file';
    const parent = chain.find((candidate) => !used.has(candidate) && issuedBy(current, candidate));
    if (parent === undefined) return 'unknown-issuer';
    used.add(parent);
    current = parent;
  }
}

/**
 * The leaf certificate's DNS names (subjectAltName DNS entries, else the subject CN, as Node's TLS does),
 * validity and issuer, and whether its chain (the file's other certificates) reaches one of `roots`.
 */
export function describeCertificate(pem: Buffer, roots: TrustedRoots = []): CertificateInfo {
  const blocks = pem.toString('latin1').match(PEM_CERTIFICATE) ?? [];
  const certificate = new X509Certificate(pem);
  const chain = [certificate, ...blocks.slice(1).flatMap((block) => parseTrustedRoots([block]))];
  const sans = (certificate.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).toLowerCase());
  const commonName = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1];
  return {
    names: sans.length > 0 || commonName === undefined ? sans : [commonName.toLowerCase()],
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    issuer: certificate.issuer.split('\n').join(', '),
    trust: assessTrust(chain, roots),
  };
}

async function inspect(
  certificate: NginxCertificate,
  read: ReadCertificateFile,
  roots: TrustedRoots,
): Promise<NginxCertificate> {
  if (certificate.dynamic === true) {
    return { ...certificate, error: 'chosen per handshake from variables; not checked' };
  }
  let pem: Buffer;
  try {
    pem = await read(certificate.path);
  } catch (error) {
    return { ...certificate, error: describeReadFailure(error) };
  }
  try {
    return { ...certificate, info: describeCertificate(pem, roots) };
  } catch {
    return { ...certificate, error: 'not a PEM certificate' };
  }
}

/**
 * Fills in each server's certificate names, validity and trust where the file is readable, reading each
 * file once however many blocks present it; never throws.
 */
export async function readCertificates(
  inventory: NginxInventory,
  read: ReadCertificateFile = readCertificateFromDisk,
  roots: TrustedRoots = [],
): Promise<NginxInventory> {
  const inspected = new Map<string, Promise<NginxCertificate>>();
  const once = (certificate: NginxCertificate) => {
    const key = certificate.dynamic === true ? `\0${certificate.path}` : certificate.path;
    let found = inspected.get(key);
    if (found === undefined) {
      found = inspect(certificate, read, roots);
      inspected.set(key, found);
    }
    return found.then((result) => ({
      ...certificate,
      ...(result.info === undefined ? {} : { info: result.info }),
      ...(result.error === undefined ? {} : { error: result.error }),
    }));
  };
  const servers = await Promise.all(
    inventory.servers.map(async (server) => ({
      ...server,
      certificates: await Promise.all(server.certificates.map(once)),
    })),
  );
  return { ...inventory, servers };
}
