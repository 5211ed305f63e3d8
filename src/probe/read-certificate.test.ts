import type { PeerCertificate } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { formatDistinguishedName, parseSubjectAltNames, readCertificate } from './read-certificate.js';

// Shape recorded from tls.TLSSocket#getPeerCertificate() against a lab certificate.
const recorded = {
  subject: { CN: 'shop.example.com' },
  issuer: { C: 'NL', O: 'Example CA', CN: 'Example Issuing CA' },
  subjectaltname: 'DNS:shop.example.com, DNS:www.shop.example.com, IP Address:127.0.0.1',
  valid_from: 'Nov 23 09:00:00 2026 GMT',
  valid_to: 'Dec 23 09:00:00 2026 GMT',
  fingerprint256: 'AA:BB',
  serialNumber: '1F2E',
  raw: Buffer.from('der'),
} as unknown as PeerCertificate;

describe('readCertificate', () => {
  it('keeps what diagnosis needs, with ISO dates and plain SAN names', () => {
    expect(readCertificate(recorded)).toEqual({
      subject: 'CN=shop.example.com',
      subjectAltNames: ['shop.example.com', 'www.shop.example.com', '127.0.0.1'],
      issuer: 'C=NL, O=Example CA, CN=Example Issuing CA',
      validFrom: '2026-11-23T09:00:00.000Z',
      validTo: '2026-12-23T09:00:00.000Z',
      fingerprint256: 'AA:BB',
      serialNumber: '1F2E',
      selfSigned: false,
    });
  });

  it('marks a certificate that issued itself as self-signed', () => {
    const self = { ...recorded, issuer: { CN: 'shop.example.com' } } as unknown as PeerCertificate;
    expect(readCertificate(self)?.selfSigned).toBe(true);
  });

  it('returns undefined when the peer sent no certificate (Node gives an empty object)', () => {
    expect(readCertificate({} as PeerCertificate)).toBeUndefined();
    expect(readCertificate(undefined)).toBeUndefined();
  });
});

describe('formatDistinguishedName', () => {
  it('repeats multi-valued attributes', () => {
    expect(formatDistinguishedName({ OU: ['a', 'b'], CN: 'x' })).toBe('OU=a, OU=b, CN=x');
    expect(formatDistinguishedName(undefined)).toBe('');
  });
});

describe('parseSubjectAltNames', () => {
  it('strips DNS and IP prefixes and keeps other entry types as they are', () => {
    expect(parseSubjectAltNames('DNS:a.example, IP Address:::1, email:x@example.com')).toEqual([
      'a.example',
      '::1',
      'email:x@example.com',
    ]);
    expect(parseSubjectAltNames(undefined)).toEqual([]);
    expect(parseSubjectAltNames('')).toEqual([]);
  });
});
