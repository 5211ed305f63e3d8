import { readFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { runBurst } from '../../../src/probe/run-burst.js';
import { requireTools } from '../lab/require-tools.js';
import { createProbeOptions, type ServedServer, serveOnLoopback } from './serve-on-loopback.js';

const tools = requireTools(['openssl']);
const HOST = 'burst.frontdoor.test';

describe.skipIf(tools.skip)('runBurst', () => {
  let ca: CertificateAuthority;
  let served: ServedServer | undefined;
  let handshakes = 0;
  let resumed = 0;

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    const issued = await ca.issue({ names: [HOST] });
    const [cert, key] = await Promise.all([readFile(issued.certPath), readFile(issued.keyPath)]);
    const server = createHttpsServer({ cert, key }, (_req, res) => res.end('ok'));
    server.on('secureConnection', (socket) => {
      handshakes += 1;
      if (socket.isSessionReused()) resumed += 1;
    });
    served = await serveOnLoopback(server, allocateLoopbackAddress());
  });
  afterAll(async () => {
    await served?.close();
    await ca?.dispose();
  });

  it('sends 20 probes at once, each on its own connection with a full handshake', async () => {
    const target = served as ServedServer;
    const options = await createProbeOptions({ caFiles: [ca.caCertPath] });
    const observations = await runBurst(
      { url: `https://${HOST}:${target.port}/`, resolve: { [HOST]: target.address } },
      options,
      20,
    );
    expect(observations).toHaveLength(20);
    for (const observation of observations) {
      expect(observation.failure).toBeUndefined();
      expect(observation.http?.status).toBe(200);
    }
    expect(target.remotePorts).toHaveLength(20);
    expect(new Set(target.remotePorts).size).toBe(20);
    expect(new Set(observations.map((observation) => observation.connect?.localPort)).size).toBe(20);
    expect(handshakes).toBe(20);
    expect(resumed).toBe(0);
  });
});
