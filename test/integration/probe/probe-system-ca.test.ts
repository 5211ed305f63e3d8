import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { runProbe } from '../../../src/probe/run-probe.js';
import { createTlsSettings } from '../../../src/probe/tls-settings.js';
import { requireTools } from '../lab/require-tools.js';
import { refuseLookups, type ServedServer, SHORT_TIMEOUTS, serveOnLoopback } from './serve-on-loopback.js';

const tools = requireTools(['openssl']);
const HOST = 'intranet.frontdoor.test';

// A private CA installed with update-ca-certificates lives in the system bundle, not in Node's compiled-in
// roots: probes must trust it without --ca, as curl on the same box would.
describe.skipIf(tools.skip)('trust in the system CA bundle', () => {
  let ca: CertificateAuthority;
  let dir: string;
  let bundle: string;
  let served: ServedServer;

  beforeAll(async () => {
    ca = await createCertificateAuthority({ commonName: 'installed private CA' });
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-system-bundle-'));
    bundle = join(dir, 'ca-certificates.crt');
    await writeFile(bundle, await readFile(ca.caCertPath));
    const issued = await ca.issue({ names: [HOST] });
    const [cert, key] = await Promise.all([readFile(issued.certPath), readFile(issued.keyPath)]);
    served = await serveOnLoopback(
      createServer({ cert, key }, (_req, res) => res.end('ok')),
      allocateLoopbackAddress(),
    );
  });
  afterAll(async () => {
    await served?.close();
    await ca?.dispose();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  async function probeWith(systemBundles: readonly string[]) {
    const tls = await createTlsSettings({ systemBundles });
    return runProbe(
      { url: `https://${HOST}:${served.port}/`, resolve: { [HOST]: served.address } },
      { timeouts: SHORT_TIMEOUTS, maxBodyBytes: 1024, follow: 0, tls, resolver: refuseLookups },
    );
  }

  it('verifies a server signed by a CA found only in the system bundle', async () => {
    const observation = await probeWith([bundle]);
    expect(observation.failure).toBeUndefined();
    expect(observation.tls?.authorized).toBe(true);
    expect(observation.http?.status).toBe(200);
  });

  it('does not trust that CA when the system bundle lacks it', async () => {
    const observation = await probeWith([join(dir, 'missing.crt')]);
    expect(observation.failure).toMatchObject({ phase: 'tls', code: 'tls_untrusted' });
  });
});
