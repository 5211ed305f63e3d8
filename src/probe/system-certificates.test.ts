import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSystemCertificates, SYSTEM_BUNDLES } from './system-certificates.js';

describe('readSystemCertificates', () => {
  let dir: string;
  let bundle: string;
  let other: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-system-ca-'));
    bundle = join(dir, 'ca-certificates.crt');
    other = join(dir, 'cert.pem');
    await writeFile(bundle, `${rootCertificates[0]}\n${rootCertificates[1]}\n`);
    await writeFile(other, `${rootCertificates[2]}\n`);
    await writeFile(join(dir, 'empty.crt'), '');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the first readable bundle that holds certificates', async () => {
    const found = await readSystemCertificates(
      [join(dir, 'missing.crt'), join(dir, 'empty.crt'), bundle, other],
      {},
    );
    expect(found).toEqual([rootCertificates[0], rootCertificates[1]]);
  });

  it('prefers SSL_CERT_FILE over the default locations, as OpenSSL does', async () => {
    expect(await readSystemCertificates(SYSTEM_BUNDLES, { SSL_CERT_FILE: other })).toEqual([
      rootCertificates[2],
    ]);
  });

  it('takes an explicit bundle list as it is, whatever SSL_CERT_FILE says', async () => {
    expect(await readSystemCertificates([bundle], { SSL_CERT_FILE: other })).toHaveLength(2);
  });

  it('answers an empty store when no bundle can be read, instead of failing', async () => {
    expect(await readSystemCertificates([join(dir, 'missing.crt')], {})).toEqual([]);
  });
});
