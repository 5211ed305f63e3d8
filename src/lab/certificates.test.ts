import { describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { createCertificateAuthority, formatAsn1Time, formatSubjectAltNames } from './certificates.js';

describe('formatAsn1Time', () => {
  it.each([
    ['2024-03-05T07:08:09.123Z', '240305070809Z'],
    ['1999-12-31T23:59:59.000Z', '991231235959Z'],
    ['2050-01-01T00:00:00.000Z', '20500101000000Z'],
  ])('%s -> %s', (iso, expected) => {
    expect(formatAsn1Time(new Date(iso))).toBe(expected);
  });
});

describe('formatSubjectAltNames', () => {
  it('turns IP literals into IP entries and everything else into DNS entries', () => {
    expect(formatSubjectAltNames(['shop.example.com', '*.example.com', '127.4.5.6', '::1'])).toBe(
      'DNS:shop.example.com, DNS:*.example.com, IP:127.4.5.6, IP:::1',
    );
  });
});

describe('createCertificateAuthority', () => {
  it('passes on the failure of the openssl run instead of returning a half-made CA', async () => {
    const run = async () => {
      throw new FrontdoorError('FD_ERR_LAB', 'openssl genpkey failed: boom');
    };
    await expect(createCertificateAuthority({ openssl: '/usr/bin/openssl', run })).rejects.toMatchObject({
      code: 'FD_ERR_LAB',
      message: 'openssl genpkey failed: boom',
    });
  });
});
