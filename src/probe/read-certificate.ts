import type { PeerCertificate } from 'node:tls';
import type { CertificateInfo } from './observation.js';

type DistinguishedName = Readonly<Record<string, string | string[] | undefined>>;

/** "CN=shop.example.com, O=Example" from Node's parsed name object (repeated attributes stay repeated). */
export function formatDistinguishedName(name: DistinguishedName | undefined): string {
  if (name === undefined) return '';
  const parts: string[] = [];
  for (const key of Object.keys(name)) {
    const value = name[key];
    if (Array.isArray(value)) for (const item of value) parts.push(`${key}=${item}`);
    else if (value !== undefined) parts.push(`${key}=${value}`);
  }
  return parts.join(', ');
}

/**
 * Names from Node's subjectaltname text ("DNS:a.example, IP Address:127.0.0.1") without their type
 * prefixes; other entry types (email, URI) keep theirs.
 */
export function parseSubjectAltNames(text: string | undefined): string[] {
  if (text === undefined || text === '') return [];
  const names: string[] = [];
  for (const entry of text.split(', ')) {
    if (entry.startsWith('DNS:')) names.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) names.push(entry.slice(11));
    else names.push(entry);
  }
  return names;
}

function toIsoDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/**
 * The facts about a peer certificate that diagnosis and reports need, read from the leaf only (a detailed
 * certificate's issuer chain is ignored). Undefined when the peer sent no certificate.
 */
export function readCertificate(certificate: PeerCertificate | undefined): CertificateInfo | undefined {
  if (certificate === undefined || certificate.raw === undefined) return undefined;
  const subject = formatDistinguishedName(certificate.subject as DistinguishedName | undefined);
  const issuer = formatDistinguishedName(certificate.issuer as DistinguishedName | undefined);
  return {
    subject,
    subjectAltNames: parseSubjectAltNames(certificate.subjectaltname),
    issuer,
    validFrom: toIsoDate(certificate.valid_from),
    validTo: toIsoDate(certificate.valid_to),
    fingerprint256: certificate.fingerprint256,
    serialNumber: certificate.serialNumber,
    selfSigned: subject === issuer,
  };
}
