import { checkServerIdentity } from 'node:tls';
import { describe, expect, it } from 'vitest';
import {
  formatDistinguishedName,
  type LeafCertificate,
  parseSubjectAltNames,
  readCertificate,
  toIdentity,
} from './read-certificate.js';

// Field values recorded from TLSSocket#getPeerX509Certificate() against a lab certificate.
const recorded: LeafCertificate = {
  subject: 'CN=shop.example.com',
  issuer: 'C=NL\nO=Example CA\nCN=Example Issuing CA',
  subjectAltName: 'DNS:shop.example.com, DNS:www.shop.example.com, IP Address:127.0.0.1',
  validFrom: 'Nov 23 09:00:00 2026 GMT',
  validTo: 'Dec 23 09:00:00 2026 GMT',
  fingerprint256: 'AA:BB',
  serialNumber: '1F2E',
};

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
    expect(readCertificate({ ...recorded, issuer: 'CN=shop.example.com' }).selfSigned).toBe(true);
  });

  it('has no SANs for a certificate without the extension', () => {
    expect(readCertificate({ ...recorded, subjectAltName: undefined }).subjectAltNames).toEqual([]);
  });
});

describe('formatDistinguishedName', () => {
  it('joins the attribute lines and keeps escaped commas escaped', () => {
    expect(formatDistinguishedName('OU=a\nOU=b\nCN=x')).toBe('OU=a, OU=b, CN=x');
    expect(formatDistinguishedName('O=Shop\\, Inc.\nCN=x')).toBe('O=Shop\\, Inc., CN=x');
  });
});

describe('toIdentity', () => {
  it('gives checkServerIdentity the subject attributes, repeated ones as arrays, unescaped', () => {
    const identity = toIdentity({ ...recorded, subject: 'O=Shop\\, Inc.\nCN=a.example\nCN=b.example' });
    expect(identity.subject).toEqual({ O: 'Shop, Inc.', CN: ['a.example', 'b.example'] });
    expect(identity.subjectaltname).toBe(recorded.subjectAltName);
  });

  it('decodes hex escapes of control characters', () => {
    expect(toIdentity({ ...recorded, subject: 'CN=a\\0Ab' }).subject).toEqual({ CN: 'a\nb' });
  });

  it("lets Node's name check match SANs, wildcards and, without SANs, the CN", () => {
    expect(checkServerIdentity('www.shop.example.com', toIdentity(recorded))).toBeUndefined();
    expect(checkServerIdentity('other.example.com', toIdentity(recorded))?.message).toContain(
      "is not in the cert's altnames: DNS:shop.example.com",
    );
    const wildcard = toIdentity({ ...recorded, subjectAltName: 'DNS:*.example.com' });
    expect(checkServerIdentity('a.example.com', wildcard)).toBeUndefined();
    expect(checkServerIdentity('a.b.example.com', wildcard)).toBeInstanceOf(Error);
    const commonNameOnly = toIdentity({ ...recorded, subjectAltName: undefined });
    expect(checkServerIdentity('shop.example.com', commonNameOnly)).toBeUndefined();
    expect(checkServerIdentity('127.0.0.1', toIdentity(recorded))).toBeUndefined();
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
