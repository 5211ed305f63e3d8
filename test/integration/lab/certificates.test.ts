import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { requireTools } from './require-tools.js';

const skip = requireTools(['openssl']);

describe.skipIf(skip.skip)('lab certificate authority (openssl)', () => {
  let ca: CertificateAuthority;

  beforeAll(async () => {
    ca = await createCertificateAuthority({ commonName: 'frontdoor test CA' });
  });
  afterAll(async () => {
    await ca?.dispose();
  });

  async function load(path: string): Promise<X509Certificate> {
    return new X509Certificate(await readFile(path));
  }

  it('issues a leaf with DNS and IP SANs, signed by the CA and valid now', async () => {
    const issued = await ca.issue({ names: ['shop.example.test', 'shop.internal', '127.9.8.7'] });
    const leaf = await load(issued.certPath);
    const root = await load(ca.caCertPath);
    expect(leaf.subjectAltName).toBe('DNS:shop.example.test, DNS:shop.internal, IP Address:127.9.8.7');
    expect(leaf.subject).toBe('CN=shop.example.test');
    expect(leaf.checkIssued(root)).toBe(true);
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(leaf.checkHost('shop.internal')).toBe('shop.internal');
    expect(leaf.checkIP('127.9.8.7')).toBe('127.9.8.7');
    expect(leaf.ca).toBe(false);
    expect(root.ca).toBe(true);
    const now = Date.now();
    expect(new Date(leaf.validFrom).getTime()).toBeLessThan(now);
    expect(new Date(leaf.validTo).getTime()).toBeGreaterThan(now);
    expect(
      leaf.checkPrivateKey((await import('node:crypto')).createPrivateKey(await readFile(issued.keyPath))),
    ).toBe(true);
  });

  it('issues an expired certificate when notAfter is in the past', async () => {
    const notBefore = new Date(Date.now() - 10 * 86_400_000);
    const notAfter = new Date(Date.now() - 86_400_000);
    const leaf = await load(
      (await ca.issue({ names: ['expired.example.test'], notBefore, notAfter })).certPath,
    );
    expect(new Date(leaf.validTo).getTime()).toBeLessThan(Date.now());
    expect(Math.abs(new Date(leaf.validTo).getTime() - notAfter.getTime())).toBeLessThan(1000);
  });

  it('issues a not-yet-valid certificate when notBefore is in the future', async () => {
    const notBefore = new Date(Date.now() + 86_400_000);
    const leaf = await load((await ca.issue({ names: ['future.example.test'], notBefore })).certPath);
    expect(new Date(leaf.validFrom).getTime()).toBeGreaterThan(Date.now());
  });

  it('serialises concurrent issues so every certificate is distinct and valid', async () => {
    const issued = await Promise.all(['a', 'b', 'c'].map((n) => ca.issue({ names: [`${n}.example.test`] })));
    const serials = await Promise.all(issued.map(async (i) => (await load(i.certPath)).serialNumber));
    expect(new Set(serials).size).toBe(3);
  });

  it('rejects names that are not hostnames or IP literals', async () => {
    await expect(ca.issue({ names: ['evil\nsubjectAltName = DNS:x'] })).rejects.toMatchObject({
      code: 'FD_ERR_LAB',
    });
    await expect(ca.issue({ names: [] })).rejects.toMatchObject({ code: 'FD_ERR_LAB' });
  });

  it('dispose removes the CA directory', async () => {
    const other = await createCertificateAuthority();
    await other.issue({ names: ['gone.example.test'] });
    expect(existsSync(other.dir)).toBe(true);
    await other.dispose();
    expect(existsSync(other.dir)).toBe(false);
  });
});
