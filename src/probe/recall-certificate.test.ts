import { describe, expect, it } from 'vitest';
import type { LeafCertificate } from './read-certificate.js';
import { checkCertificateName, recallCertificate, recallChainLength } from './recall-certificate.js';

let serial = 0;

function nextFingerprint(): string {
  serial += 1;
  return `FP:${serial}`;
}

/** A recorded leaf whose field reads are counted, each with its own fingerprint unless one is given. */
function countingLeaf(
  fingerprint = nextFingerprint(),
  // null, not undefined, for none: undefined would bring the default back
  subjectAltName: string | null = 'DNS:shop.example.com, DNS:*.shop.example.com',
): { leaf: LeafCertificate; reads: () => number } {
  let reads = 0;
  const fields: Record<keyof LeafCertificate, string | undefined> = {
    subject: 'CN=shop.example.com',
    issuer: 'CN=Example CA',
    subjectAltName: subjectAltName ?? undefined,
    validFrom: 'Nov 23 09:00:00 2026 GMT',
    validTo: 'Dec 23 09:00:00 2026 GMT',
    fingerprint256: fingerprint,
    serialNumber: '1F2E',
  };
  const leaf = {} as LeafCertificate;
  for (const [name, value] of Object.entries(fields)) {
    Object.defineProperty(leaf, name, {
      get: () => {
        if (name !== 'fingerprint256') reads += 1;
        return value;
      },
    });
  }
  return { leaf, reads: () => reads };
}

describe('recallCertificate', () => {
  it('reads a certificate once and answers from memory when the same fingerprint comes back', () => {
    const first = countingLeaf('AA:01');
    const recalled = recallCertificate(first.leaf);
    expect(recalled.info).toMatchObject({
      subject: 'CN=shop.example.com',
      subjectAltNames: ['shop.example.com', '*.shop.example.com'],
      validTo: '2026-12-23T09:00:00.000Z',
      fingerprint256: 'AA:01',
    });
    const readsOfFirst = first.reads();
    const again = countingLeaf('AA:01');
    expect(recallCertificate(again.leaf)).toBe(recalled);
    expect(again.reads()).toBe(0);
    expect(first.reads()).toBe(readsOfFirst);
  });

  it('keeps the shared facts frozen so no observation can change another', () => {
    const { info } = recallCertificate(countingLeaf().leaf);
    expect(Object.isFrozen(info)).toBe(true);
    expect(Object.isFrozen(info.subjectAltNames)).toBe(true);
  });

  it('forgets the oldest certificate once 512 are remembered', () => {
    const oldest = recallCertificate(countingLeaf('OLD:1').leaf);
    for (let i = 0; i < 512; i += 1) recallCertificate(countingLeaf().leaf);
    expect(recallCertificate(countingLeaf('OLD:1').leaf)).not.toBe(oldest);
  });
});

describe('checkCertificateName', () => {
  it("answers with Node's check, wildcards included, and remembers the answer per name", () => {
    const { leaf, reads } = countingLeaf();
    const recalled = recallCertificate(leaf);
    expect(checkCertificateName(recalled, 'shop.example.com')).toBeUndefined();
    expect(checkCertificateName(recalled, 'www.shop.example.com')).toBeUndefined();
    const mismatch = checkCertificateName(recalled, 'other.example.com');
    expect(mismatch).toEqual({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      message: expect.stringContaining("Host: other.example.com. is not in the cert's altnames"),
    });
    const readsSoFar = reads();
    expect(checkCertificateName(recalled, 'other.example.com')).toEqual(mismatch);
    expect(checkCertificateName(recalled, 'shop.example.com')).toBeUndefined();
    expect(reads()).toBe(readsSoFar);
  });

  it('refuses a certificate that names the host only in its CN, which Node accepts and browsers do not', () => {
    for (const subjectAltName of [null, 'email:ops@example.com']) {
      const recalled = recallCertificate(countingLeaf(nextFingerprint(), subjectAltName).leaf);
      expect(checkCertificateName(recalled, 'shop.example.com')).toEqual({
        code: 'NO_SUBJECT_ALT_NAME',
        message:
          'the certificate has no subjectAltName: it names shop.example.com only in its CN, which browsers ignore',
      });
      // A name the CN does not match either keeps Node's own answer, which names what the certificate covers.
      expect(checkCertificateName(recalled, 'other.example.com')?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    }
  });
});

describe('recallChainLength', () => {
  it('counts the chain once per endpoint and counts it again after a few minutes', () => {
    const recalled = recallCertificate(countingLeaf().leaf);
    let counted = 0;
    const count = (length: number) => () => {
      counted += 1;
      return length;
    };
    expect(recallChainLength(recalled, '10.0.0.11:443', 1_000, count(2))).toBe(2);
    expect(recallChainLength(recalled, '10.0.0.11:443', 2_000, count(9))).toBe(2);
    expect(recallChainLength(recalled, '10.0.0.12:443', 2_000, count(1))).toBe(1);
    expect(counted).toBe(2);
    // the server was fixed to send its intermediate: seen once the count is old enough
    expect(recallChainLength(recalled, '10.0.0.11:443', 1_000 + 300_000, count(3))).toBe(3);
    expect(counted).toBe(3);
  });
});
