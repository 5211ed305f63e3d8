import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { createTlsSettings } from './tls-settings.js';

describe('createTlsSettings', () => {
  let dir: string;
  let caFile: string;
  let otherCaFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-tls-settings-'));
    caFile = join(dir, 'ca.pem');
    otherCaFile = join(dir, 'other.pem');
    await writeFile(caFile, `# a bundle with a comment\n${rootCertificates[0]}\n`);
    await writeFile(otherCaFile, `${rootCertificates[1]}\n`);
    await writeFile(join(dir, 'not-pem.pem'), 'hello');
    // nobody writes to the FIFO: an unbounded read would wait for a writer for ever
    execFileSync('mkfifo', [join(dir, 'fifo.pem')]);
    // Node's bundled roots differ between releases: repeat the first until the file is past the limit.
    const pem = `${rootCertificates[0]}\n`;
    await writeFile(join(dir, 'huge.pem'), pem.repeat(Math.ceil((4 * 1024 * 1024 + 1) / pem.length)));
    await writeFile(
      join(dir, 'broken.pem'),
      '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n',
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('shares one SecureContext per CA set', async () => {
    const [first, second, other, system] = await Promise.all([
      createTlsSettings({ caFiles: [caFile] }),
      createTlsSettings({ caFiles: [caFile], insecure: true }),
      createTlsSettings({ caFiles: [otherCaFile] }),
      createTlsSettings(),
    ]);
    expect(second.secureContext).toBe(first.secureContext);
    expect(other.secureContext).not.toBe(first.secureContext);
    expect(system.secureContext).not.toBe(first.secureContext);
    expect((await createTlsSettings()).secureContext).toBe(system.secureContext);
    expect(second.insecure).toBe(true);
    expect(first.insecure).toBe(false);
    expect(first.caFiles).toEqual([caFile]);
  });

  it.each([
    ['missing.pem', 'no such file or directory (ENOENT)'],
    ['fifo.pem', 'not a regular file (a FIFO)'],
    ['/dev/zero', 'not a regular file (a character device)'],
    ['huge.pem', 'larger than 4 MiB, the limit for a CA file'],
    ['not-pem.pem', 'no PEM certificate in it'],
    ['broken.pem', 'invalid PEM certificate'],
  ])('rejects %s with FD_ERR_CA_READ', async (file, reason) => {
    const path = file.startsWith('/') ? file : join(dir, file);
    const error = await createTlsSettings({ caFiles: [path] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FrontdoorError);
    expect((error as FrontdoorError).code).toBe('FD_ERR_CA_READ');
    expect((error as FrontdoorError).message).toBe(`cannot read CA file ${path}: ${reason}`);
  });
});
