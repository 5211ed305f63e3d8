import type { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import type { CertificateInfo } from './observation.js';

/** The fields of a node:crypto X509Certificate a probe reads; recorded values stand in for it in tests. */
export type LeafCertificate = Pick<
  X509Certificate,
  'subject' | 'issuer' | 'subjectAltName' | 'validFrom' | 'validTo' | 'fingerprint256' | 'serialNumber'
>;

/**
 * "CN=shop.example.com, O=Example" from X509Certificate's one-attribute-per-line name. Values keep OpenSSL's
 * RFC 2253 escapes (a comma inside a value reads "\,"), so the joined form stays unambiguous.
 */
export function formatDistinguishedName(name: string): string {
  return name.split('\n').join(', ');
}

// OpenSSL escapes RFC 2253 specials as "\," and control characters as "\0A".
const ESCAPE = /\\([0-9A-Fa-f]{2}|.)/g;

function unescapeValue(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(ESCAPE, (_, escaped: string) =>
    escaped.length === 2 ? String.fromCharCode(Number.parseInt(escaped, 16)) : escaped,
  );
}

/**
 * The leaf's name in the shape tls.checkServerIdentity reads (subject attributes, repeated ones as arrays,
 * and the subjectaltname text), so the name check stays Node's own, RFC 6125 wildcards and all.
 */
export function toIdentity(certificate: LeafCertificate): PeerCertificate {
  const subject: Record<string, string | string[]> = {};
  for (const line of certificate.subject.split('\n')) {
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const key = line.slice(0, equals);
    const value = unescapeValue(line.slice(equals + 1));
    const previous = subject[key];
    if (previous === undefined) subject[key] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else subject[key] = [previous, value];
  }
  const identity: Record<string, unknown> = { subject };
  if (certificate.subjectAltName !== undefined) identity.subjectaltname = certificate.subjectAltName;
  return identity as unknown as PeerCertificate;
}

/**
 * Names from the subjectAltName text ("DNS:a.example, IP Address:127.0.0.1") without their type
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

/** The facts about the peer's leaf certificate that diagnosis and reports need. */
export function readCertificate(certificate: LeafCertificate): CertificateInfo {
  const subject = formatDistinguishedName(certificate.subject);
  const issuer = formatDistinguishedName(certificate.issuer);
  return {
    subject,
    subjectAltNames: parseSubjectAltNames(certificate.subjectAltName),
    issuer,
    validFrom: toIsoDate(certificate.validFrom),
    validTo: toIsoDate(certificate.validTo),
    fingerprint256: certificate.fingerprint256,
    serialNumber: certificate.serialNumber,
    selfSigned: subject === issuer,
  };
}
