import { X509Certificate } from 'node:crypto';
import { describeReadFailure, readBoundedFile } from '../fs/read-bounded-file.js';
import { CERTIFICATE_READ_LIMIT } from '../fs/read-limits.js';
import type { CertificateInfo, NginxCertificate, NginxInventory } from './nginx/nginx-inventory.js';

/** Reads a certificate file; injected so tests and dumps from other machines need no real files. */
export type ReadCertificateFile = (path: string) => Promise<Buffer>;

/** A certificate path can name anything (a FIFO, /dev/zero): read it as a bounded regular file. */
export const readCertificateFromDisk: ReadCertificateFile = (path) =>
  readBoundedFile(path, CERTIFICATE_READ_LIMIT);

/** DNS names of the leaf certificate: subjectAltName DNS entries, else the subject CN (as Node's TLS does). */
export function describeCertificate(pem: Buffer): CertificateInfo {
  const certificate = new X509Certificate(pem);
  const sans = (certificate.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4).toLowerCase());
  const commonName = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1];
  return {
    names: sans.length > 0 || commonName === undefined ? sans : [commonName.toLowerCase()],
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
  };
}

async function inspect(certificate: NginxCertificate, read: ReadCertificateFile): Promise<NginxCertificate> {
  if (certificate.path.includes('$')) {
    return { ...certificate, error: 'path uses variables; chosen per request' };
  }
  let pem: Buffer;
  try {
    pem = await read(certificate.path);
  } catch (error) {
    return { ...certificate, error: describeReadFailure(error) };
  }
  try {
    return { ...certificate, info: describeCertificate(pem) };
  } catch {
    return { ...certificate, error: 'not a PEM certificate' };
  }
}

/** Fills in each server's certificate names and validity where the file is readable; never throws. */
export async function readCertificates(
  inventory: NginxInventory,
  read: ReadCertificateFile = readCertificateFromDisk,
): Promise<NginxInventory> {
  const servers = await Promise.all(
    inventory.servers.map(async (server) => ({
      ...server,
      certificates: await Promise.all(server.certificates.map((certificate) => inspect(certificate, read))),
    })),
  );
  return { ...inventory, servers };
}
