import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isPidAlive, listChildPids } from '../../../src/lab/child-pids.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { type PhpFpmServer, renderFastcgiLocation, startPhpFpm } from '../../../src/lab/php-fpm-server.js';
import { PHP_APP_MARKER } from '../../../src/lab/php-scripts.js';
import { get } from './http-get.js';
import { requireTools } from './require-tools.js';

const tools = requireTools(['nginx', 'php-fpm']);

describe.skipIf(tools.skip)('php-fpm behind nginx', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  async function startStack(fpmOptions: Parameters<typeof startPhpFpm>[0] = {}) {
    const fpm: PhpFpmServer = await startPhpFpm(fpmOptions);
    stops.push(() => fpm.stop());
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const nginx: NginxServer = await startNginx({
      httpBlock: `server { listen ${address}:${port}; root ${fpm.docroot}; ${renderFastcgiLocation(fpm.socketPath)} }`,
    });
    stops.push(() => nginx.stop());
    return { fpm, nginx, address, port };
  }

  it('returns the PHP output and version header through fastcgi_pass unix:', async () => {
    const { address, port } = await startStack({ version: '2.4.1' });
    const response = await get({ address, port, path: '/index.php' });
    expect(response.status).toBe(200);
    expect(response.body).toBe('ok\n');
    expect(response.headers['x-app-version']).toBe('2.4.1');
    expect((await get({ address, port, path: '/' })).body).toBe('ok\n');
  });

  it('passes the application 500 with its own marker, and a fatal error as an empty 500', async () => {
    const { address, port } = await startStack();
    const appError = await get({ address, port, path: '/error.php' });
    expect(appError.status).toBe(500);
    expect(appError.body).toContain(PHP_APP_MARKER);
    const fatal = await get({ address, port, path: '/fatal.php' });
    expect(fatal.status).toBe(500);
    expect(fatal.body).toBe('');
  });

  it('flaky.php fails exactly every Nth request', async () => {
    const { address, port } = await startStack();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await get({ address, port, path: '/flaky.php?every=3' })).status);
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500]);
  });

  it('a removed socket makes nginx answer 502 while php-fpm still runs', async () => {
    const { fpm, address, port } = await startStack();
    await fpm.removeSocket();
    expect(fpm.isRunning()).toBe(true);
    const response = await get({ address, port, path: '/index.php' });
    expect(response.status).toBe(502);
    expect(response.headers.server).toMatch(/^nginx/);
  });

  it('a pool that was never started makes nginx answer 502', async () => {
    const { fpm, address, port } = await startStack({ start: false });
    expect(fpm.pid).toBeUndefined();
    expect(existsSync(fpm.socketPath)).toBe(false);
    expect((await get({ address, port, path: '/index.php' })).status).toBe(502);
  });

  it('stop ends master and workers and removes the temp dir', async () => {
    const fpm = await startPhpFpm({ workers: 3 });
    const pid = fpm.pid ?? 0;
    const workers = await listChildPids(pid);
    expect(workers.length).toBe(3);
    await fpm.stop();
    expect(isPidAlive(pid)).toBe(false);
    expect(workers.some(isPidAlive)).toBe(false);
    expect(existsSync(fpm.dir)).toBe(false);
  });
});
