import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { isPidAlive, listChildPids } from '../../../src/lab/child-pids.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { createProcessRegistry, type ProcessHost } from '../../../src/lab/process-registry.js';
import { get } from './http-get.js';
import { requireTools } from './require-tools.js';

const tools = requireTools(['nginx', 'openssl']);

describe.skipIf(tools.skip)('startNginx', () => {
  let ca: CertificateAuthority;
  let caPem: Buffer;
  const started: NginxServer[] = [];

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    caPem = await readFile(ca.caCertPath);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
  });
  afterAll(async () => {
    await ca?.dispose();
  });

  async function start(httpBlock: string): Promise<NginxServer> {
    const server = await startNginx({ httpBlock });
    started.push(server);
    return server;
  }

  it('serves https with a certificate issued by the lab CA', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const cert = await ca.issue({ names: ['shop.example.test', address] });
    await start(`
      server {
        listen ${address}:${port} ssl;
        server_name shop.example.test;
        ssl_certificate ${cert.certPath};
        ssl_certificate_key ${cert.keyPath};
        location / { add_header x-app-version v1 always; return 200 "ok\\n"; }
      }`);
    const response = await get({ address, port, host: 'shop.example.test', ca: caPem, path: '/health' });
    expect(response.status).toBe(200);
    expect(response.body).toBe('ok\n');
    expect(response.headers['x-app-version']).toBe('v1');
    expect(response.headers.server).toMatch(/^nginx/);
  });

  it('reload switches to the new configuration, including new listen addresses', async () => {
    const address = allocateLoopbackAddress();
    const [port, secondPort] = [await findFreePort(address), await findFreePort(allocateLoopbackAddress())];
    const block = (body: string, extra = '') => `
      server { listen ${address}:${port}; location / { return 200 "${body}"; } }
      ${extra}`;
    const server = await start(block('before'));
    const workersBefore = await listChildPids(server.pid);
    expect((await get({ address, port })).body).toBe('before');

    const secondAddress = allocateLoopbackAddress();
    await server.reload(
      block('after', `server { listen ${secondAddress}:${secondPort}; return 200 "second"; }`),
    );
    expect((await get({ address, port })).body).toBe('after');
    expect((await get({ address: secondAddress, port: secondPort })).body).toBe('second');
    const workersAfter = await listChildPids(server.pid);
    expect(workersAfter.some((pid) => !workersBefore.includes(pid))).toBe(true);
  });

  it('reload with an invalid block throws FD_ERR_LAB and keeps serving the old config', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const server = await start(`server { listen ${address}:${port}; return 200 "still"; }`);
    await expect(server.reload('server { listen nonsense-directive }')).rejects.toMatchObject({
      code: 'FD_ERR_LAB',
    });
    expect((await get({ address, port })).body).toBe('still');
    // the rejected block is not remembered: a plain reload keeps the working configuration
    await server.reload();
    expect((await get({ address, port })).body).toBe('still');
    expect(await readFile(server.configPath, 'utf8')).not.toContain('nonsense-directive');
  });

  it('writes access and error logs inside its private prefix', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const server = await start(`server { listen ${address}:${port}; return 204; }`);
    await get({ address, port, path: '/logged-path' });
    expect(server.prefix).not.toBe('');
    expect(server.accessLogPath.startsWith(server.prefix)).toBe(true);
    // nginx writes the access log line after sending the response; give it a moment.
    let log = '';
    for (let i = 0; i < 40 && !log.includes('/logged-path'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      log = await readFile(server.accessLogPath, 'utf8');
    }
    expect(log).toContain('GET /logged-path');
  });

  it('stop leaves no nginx process and no prefix behind', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const server = await startNginx({ httpBlock: `server { listen ${address}:${port}; return 200; }` });
    // The master accepts into the listen backlog before it forks its worker: wait for the worker itself.
    const workers = await waitForChildren(server.pid, 1);
    expect(workers.length).toBe(1);
    await server.stop();
    expect(isPidAlive(server.pid)).toBe(false);
    expect(workers.some(isPidAlive)).toBe(false);
    expect(existsSync(server.prefix)).toBe(false);
    await expect(get({ address, port })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it("fails with FD_ERR_LAB and nginx's own message when the config is invalid", async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const attempt = startNginx({ httpBlock: `server { listen ${address}:${port}; bogus_directive on; }` });
    await expect(attempt).rejects.toMatchObject({
      code: 'FD_ERR_LAB',
      message: expect.stringContaining('bogus_directive'),
    });
  });

  it('fails with FD_ERR_LAB when the port is already taken by another server', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    await start(`server { listen ${address}:${port}; return 200; }`);
    const attempt = startNginx({
      httpBlock: `server { listen ${address}:${port}; return 200; }`,
      readyTimeoutMs: 3000,
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'FD_ERR_LAB',
      message: expect.stringContaining('address in use'),
    });
  });

  it('a registry clean-up (what runs when the test process exits) ends master and workers and removes the prefix', async () => {
    let onExit: (() => void) | undefined;
    const host = {
      pid: process.pid,
      once(event: string, listener: () => void) {
        if (event === 'exit') onExit = listener;
        return host;
      },
      listenerCount: () => 1,
      kill: () => true,
    } as unknown as ProcessHost;
    const registry = createProcessRegistry(host);
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const server = await startNginx({
      httpBlock: `server { listen ${address}:${port}; return 200; }`,
      registry,
    });
    const workers = await listChildPids(server.pid);
    expect(registry.runningPids()).toEqual([server.pid]);
    onExit?.();
    expect(existsSync(server.prefix)).toBe(false);
    for (let i = 0; i < 100 && [server.pid, ...workers].some(isPidAlive); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect([server.pid, ...workers].some(isPidAlive)).toBe(false);
  });
});

async function waitForChildren(pid: number, count: number, timeoutMs = 5000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let children = await listChildPids(pid);
  while (children.length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    children = await listChildPids(pid);
  }
  return children;
}
