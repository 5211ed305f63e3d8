import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readNodeDefaultCertificates,
  readSystemCertificates,
  SYSTEM_BUNDLES,
} from './system-certificates.js';

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

describe('readNodeDefaultCertificates', () => {
  let dir: string;
  let extra: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-node-ca-'));
    extra = join(dir, 'extra.pem');
    await writeFile(extra, `${rootCertificates[3]}\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('carries NODE_EXTRA_CA_CERTS over when the runtime cannot list its own store', async () => {
    const found = await readNodeDefaultCertificates({ NODE_EXTRA_CA_CERTS: extra }, null);
    expect(found).toHaveLength(rootCertificates.length + 1);
    expect(found.at(-1)).toBe(rootCertificates[3]);
  });

  it("answers Node's roots alone without NODE_EXTRA_CA_CERTS or when its file is unreadable", async () => {
    expect(await readNodeDefaultCertificates({}, null)).toEqual([...rootCertificates]);
    expect(
      await readNodeDefaultCertificates({ NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') }, null),
    ).toEqual([...rootCertificates]);
  });

  it('asks the runtime when it can list its default store', async () => {
    expect(await readNodeDefaultCertificates({}, () => ['listed'])).toEqual(['listed']);
  });
});
