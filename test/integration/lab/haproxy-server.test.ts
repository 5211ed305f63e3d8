import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isPidAlive } from '../../../src/lab/child-pids.js';
import { type HaproxyServer, startHaproxy } from '../../../src/lab/haproxy-server.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { get } from './http-get.js';
import { requireTools } from './require-tools.js';

const tools = requireTools(['haproxy']);

describe.skipIf(tools.skip)('startHaproxy', () => {
  const started: HaproxyServer[] = [];
  const backends: Server[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
    await Promise.all(backends.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  async function deadServer() {
    const host = allocateLoopbackAddress();
    return { host, port: await findFreePort(host) };
  }

  it('answers 503 "No server is available" when every backend server is dead', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    started.push(await startHaproxy({ address, port, servers: [await deadServer(), await deadServer()] }));
    // Health checks mark the servers down within a few hundred ms; until then haproxy retries and also gives 503.
    const response = await get({ address, port, path: '/health' });
    expect(response.status).toBe(503);
    expect(response.body).toContain('No server is available to handle this request.');
    expect(response.headers.server).toBeUndefined();
  });

  it('proxies to a live backend server', async () => {
    const backendHost = allocateLoopbackAddress();
    const backendPort = await findFreePort(backendHost);
    const backend = createServer((_req, res) => res.setHeader('x-app-version', '3').end('ok'));
    backends.push(backend);
    await new Promise<void>((resolve) => backend.listen(backendPort, backendHost, resolve));
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const haproxy = await startHaproxy({
      address,
      port,
      servers: [{ host: backendHost, port: backendPort }],
    });
    started.push(haproxy);
    const response = await get({ address, port });
    expect(response.status).toBe(200);
    expect(response.body).toBe('ok');
    expect(response.headers['x-app-version']).toBe('3');
  });

  it('stop ends haproxy and removes its dir', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const haproxy = await startHaproxy({ address, port, servers: [] });
    expect((await get({ address, port })).status).toBe(503);
    await haproxy.stop();
    expect(isPidAlive(haproxy.pid)).toBe(false);
    expect(existsSync(haproxy.dir)).toBe(false);
    await expect(get({ address, port })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
