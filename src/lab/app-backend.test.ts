import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_MARKER, type AppBackend, failsAt, startAppBackend } from './app-backend.js';

describe('failsAt', () => {
  it('fails every Nth request for ratio 1/N', () => {
    const failing = Array.from({ length: 12 }, (_, i) => i + 1).filter((n) => failsAt(n, 0.25));
    expect(failing).toEqual([4, 8, 12]);
  });

  it('fails exactly round(k * ratio) of the first k requests', () => {
    const failures = Array.from({ length: 100 }, (_, i) => i + 1).filter((n) => failsAt(n, 0.05)).length;
    expect(failures).toBe(5);
    expect([1, 2, 3].some((n) => failsAt(n, 0))).toBe(false);
    expect([1, 2, 3].every((n) => failsAt(n, 1))).toBe(true);
  });
});

function fetchOnce(app: AppBackend, timeoutMs = 2000) {
  return new Promise<{ status: number; version: string | undefined; body: string }>((resolve, reject) => {
    const req = request({
      host: app.address,
      port: app.port,
      path: '/health',
      agent: false,
      timeout: timeoutMs,
    });
    req.once('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TEST_TIMEOUT' })));
    req.once('error', reject);
    req.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.once('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          version: res.headers['x-app-version'] as string | undefined,
          body,
        }),
      );
    });
    req.end();
  });
}

describe('startAppBackend', () => {
  const apps: AppBackend[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  const start = async (options: Parameters<typeof startAppBackend>[0]) => {
    const app = await startAppBackend(options);
    apps.push(app);
    return app;
  };

  it('answers ok with its version on a loopback address', async () => {
    const app = await start({ version: '4.2.0' });
    expect(app.address).toMatch(/^127\./);
    expect(await fetchOnce(app)).toEqual({ status: 200, version: '4.2.0', body: 'ok\n' });
  });

  it('switches modes at runtime: app 500 with marker, wrong version, flapping pattern', async () => {
    const app = await start({ version: '1.0.0' });
    app.setMode({ kind: 'error500', delayMs: 5 });
    const error = await fetchOnce(app);
    expect(error.status).toBe(500);
    expect(error.body).toContain(APP_MARKER);
    app.setMode({ kind: 'wrong_version', version: '0.9.0' });
    expect((await fetchOnce(app)).version).toBe('0.9.0');
    app.setMode({ kind: 'healthy' });
    app.setVersion('1.1.0');
    expect((await fetchOnce(app)).version).toBe('1.1.0');
    app.setMode({ kind: 'flapping', failRatio: 0.5 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await fetchOnce(app)).status);
    // counted from the mode change: at ratio 0.5 every second request fails
    expect(statuses).toEqual([200, 500, 200, 500]);
    expect(app.requestCount()).toBe(7);
  });

  it('hang never answers, and close still returns by destroying the connection', async () => {
    const app = await start({ mode: { kind: 'hang' } });
    await expect(fetchOnce(app, 300)).rejects.toMatchObject({ code: 'TEST_TIMEOUT' });
    const pending = fetchOnce(app, 5000).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.close();
    expect(await pending).toMatchObject({ code: 'ECONNRESET' });
  });
});
