import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { startNginx } from '../../../src/lab/nginx-server.js';
import { type PortSquatter, SQUATTER_BODY, startPortSquatter } from '../../../src/lab/port-squatter.js';
import { get } from './http-get.js';
import { requireTools } from './require-tools.js';

const tools = requireTools(['nginx', 'openssl']);

function firstBytes(squatter: PortSquatter): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: squatter.address, port: squatter.port });
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.once('close', () => resolve(data));
    socket.once('error', reject);
  });
}

describe.skipIf(tools.skip)('startPortSquatter', () => {
  let ca: CertificateAuthority;
  const squatters: PortSquatter[] = [];
  beforeAll(async () => {
    ca = await createCertificateAuthority();
  });
  afterEach(async () => {
    await Promise.all(squatters.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await ca?.dispose();
  });
  const start = async (options: Parameters<typeof startPortSquatter>[0]) => {
    const squatter = await startPortSquatter(options);
    squatters.push(squatter);
    return squatter;
  };

  it("keeps nginx from starting on the port it holds, as after incident 000's restart", async () => {
    const squatter = await start({ behaviour: { kind: 'silent' } });
    const attempt = startNginx({
      httpBlock: `server { listen ${squatter.address}:${squatter.port}; return 200; }`,
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'FD_ERR_LAB',
      message: expect.stringContaining('address in use'),
    });
  });

  it('speaks something that is not HTTP, or hangs up at once', async () => {
    expect(await firstBytes(await start({ behaviour: { kind: 'garbage' } }))).toMatch(/^SSH-2\.0-/);
    expect(await firstBytes(await start({ behaviour: { kind: 'close' } }))).toBe('');
  });

  it('answers TLS with its own certificate and a foreign 404', async () => {
    const cert = await ca.issue({ names: ['vpn.internal.test'] });
    const squatter = await start({ behaviour: { kind: 'tls', ...cert } });
    const response = await get({
      address: squatter.address,
      port: squatter.port,
      host: 'vpn.internal.test',
      ca: await readFile(ca.caCertPath),
    });
    expect(response.status).toBe(404);
    expect(response.body).toBe(SQUATTER_BODY);
  });
});
