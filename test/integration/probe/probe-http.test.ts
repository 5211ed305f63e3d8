import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { runProbe } from '../../../src/probe/run-probe.js';
import {
  createProbeOptions,
  type ServedServer,
  SHORT_TIMEOUTS,
  serveOnLoopback,
} from './serve-on-loopback.js';

describe('runProbe over plain http', () => {
  const servers: ServedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function serveRaw(onConnection: (socket: Socket) => void): Promise<ServedServer> {
    const served = await serveOnLoopback(createNetServer(onConnection), allocateLoopbackAddress());
    servers.push(served);
    return served;
  }

  it('records a healthy exchange with status, headers, body and timings', async () => {
    const server = createHttpServer((req, res) => {
      res.setHeader('x-seen-host', req.headers.host ?? '');
      res.setHeader('x-seen-agent', req.headers['user-agent'] ?? '');
      res.setHeader('x-seen-connection', req.headers.connection ?? '');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.end(`ok ${req.method} ${req.url}`);
    });
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    const url = `http://shop.frontdoor.test:${served.port}/health?x=1`;
    const options = await createProbeOptions();
    const observation = await runProbe({ url, resolve: { 'shop.frontdoor.test': served.address } }, options);

    expect(observation.failure).toBeUndefined();
    expect(observation.dns).toMatchObject({
      source: 'fixed',
      addresses: [{ address: served.address, family: 4 }],
    });
    expect(observation.connect).toMatchObject({ address: served.address, port: served.port, family: 4 });
    expect(observation.tls).toBeUndefined();
    expect(observation.http).toMatchObject({
      method: 'GET',
      path: '/health?x=1',
      hostHeader: `shop.frontdoor.test:${served.port}`,
      status: 200,
      statusText: 'OK',
      httpVersion: '1.1',
      body: 'ok GET /health?x=1',
      bodyBytes: 18,
      bodyTruncated: false,
    });
    const headers = observation.http?.headers ?? {};
    expect(headers['x-seen-host']).toBe(`shop.frontdoor.test:${served.port}`);
    expect(headers['x-seen-agent']).toBe('frontdoor/0.1');
    expect(headers['x-seen-connection']).toBe('close');
    expect(headers['set-cookie']).toEqual(['a=1', 'b=2']);
    const { timings } = observation;
    expect(timings.dns).toBeGreaterThanOrEqual(0);
    expect(timings.connect).toBeGreaterThan(0);
    expect(timings.ttfb).toBeGreaterThan(0);
    expect(timings.transfer).toBeGreaterThanOrEqual(0);
    expect(timings.total).toBeGreaterThanOrEqual((timings.connect ?? 0) + (timings.ttfb ?? 0));
  });

  it('sends the Host override, the method and custom headers', async () => {
    const server = createHttpServer((req, res) => {
      res.end(JSON.stringify({ host: req.headers.host, method: req.method, probe: req.headers['x-probe'] }));
    });
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    const observation = await runProbe(
      {
        url: `http://${served.address}:${served.port}/`,
        method: 'post',
        headers: { 'X-Probe': 'yes' },
        hostHeader: 'frontdoor-catch-all.invalid',
      },
      await createProbeOptions(),
    );
    expect(observation.dns?.source).toBe('literal');
    expect(JSON.parse(observation.http?.body ?? '{}')).toEqual({
      host: 'frontdoor-catch-all.invalid',
      method: 'POST',
      probe: 'yes',
    });
    expect(observation.http?.hostHeader).toBe('frontdoor-catch-all.invalid');
  });

  it('reports a refused connection', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const observation = await runProbe({ url: `http://${address}:${port}/` }, await createProbeOptions());
    expect(observation.failure).toMatchObject({
      phase: 'connect',
      code: 'connect_refused',
      errorCode: 'ECONNREFUSED',
    });
    expect(observation.connect).toBeUndefined();
    expect(observation.http).toBeUndefined();
  });

  it('times out a server that accepts and never answers', async () => {
    const served = await serveRaw(() => undefined);
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/` },
      await createProbeOptions(),
    );
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'http_timeout' });
    expect(observation.failure?.durationMs).toBeGreaterThanOrEqual(SHORT_TIMEOUTS.responseMs - 5);
    expect(observation.connect?.address).toBe(served.address);
  });

  it('lets the total deadline win over a longer phase timer', async () => {
    const served = await serveRaw(() => undefined);
    const options = await createProbeOptions({
      timeouts: { ...SHORT_TIMEOUTS, responseMs: 5_000, totalMs: 600 },
    });
    const started = performance.now();
    const observation = await runProbe({ url: `http://${served.address}:${served.port}/` }, options);
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'total_timeout' });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('times out a body that stalls halfway and keeps what arrived', async () => {
    const served = await serveRaw((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nfirst half');
    });
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/` },
      await createProbeOptions(),
    );
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'http_body_timeout' });
    expect(observation.http).toMatchObject({
      status: 200,
      body: 'first half',
      bodyBytes: 10,
      bodyTruncated: false,
    });
  });

  it('classifies garbage instead of HTTP as a parse error', async () => {
    const served = await serveRaw((socket) => {
      socket.end('SSH-2.0-OpenSSH_9.2\r\n');
    });
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/` },
      await createProbeOptions(),
    );
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'http_parse_error' });
    expect(observation.failure?.errorCode).toMatch(/^HPE_/);
    expect(observation.http).toBeUndefined();
  });

  it('keeps a complete response whose server wrote stray bytes after it', async () => {
    // Seen with sloppy backends: the declared body is complete; what follows is not the probe's business.
    const served = await serveRaw((socket) => {
      socket.once('data', () =>
        socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokJUNK AFTER THE BODY'),
      );
    });
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/` },
      await createProbeOptions(),
    );
    expect(observation.failure).toBeUndefined();
    expect(observation.http).toMatchObject({ status: 200, body: 'ok', bodyBytes: 2, bodyTruncated: false });
  });

  it('classifies oversized response headers', async () => {
    const served = await serveRaw((socket) => {
      socket.end(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(40_000)}\r\ncontent-length: 0\r\n\r\n`);
    });
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/` },
      await createProbeOptions(),
    );
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'http_headers_too_large' });
  });

  it('classifies a reset in the middle of the body and keeps the head', async () => {
    const served = await serveRaw((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\npartial', () => {
          setTimeout(() => socket.resetAndDestroy(), 20);
        });
      });
    });
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/` },
      await createProbeOptions(),
    );
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'http_reset', errorCode: 'ECONNRESET' });
    expect(observation.http).toMatchObject({ status: 200, body: 'partial' });
  });

  it('classifies a reset before any response', async () => {
    const served = await serveRaw((socket) => {
      socket.once('data', () => socket.resetAndDestroy());
    });
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/` },
      await createProbeOptions(),
    );
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'http_reset' });
    expect(observation.http).toBeUndefined();
  });

  it('classifies a close before the body is complete', async () => {
    const served = await serveRaw((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 50\r\n\r\nshort'));
    });
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/` },
      await createProbeOptions(),
    );
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'http_closed_early' });
    expect(observation.http).toMatchObject({ status: 502, statusText: 'Bad Gateway', body: 'short' });
  });

  it('classifies a close without any response', async () => {
    const served = await serveRaw((socket) => {
      socket.once('data', () => socket.end());
    });
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/` },
      await createProbeOptions(),
    );
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'http_closed_early' });
  });

  it('reads a huge body only up to the cap, without failing', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const server = createHttpServer((_req, res) => {
      res.setHeader('content-length', String(chunk.length * 48));
      for (let i = 0; i < 48; i += 1) res.write(chunk);
      res.end();
    });
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/big` },
      await createProbeOptions(),
    );
    expect(observation.failure).toBeUndefined();
    expect(observation.http?.bodyBytes).toBe(1_048_576);
    expect(observation.http?.body.length).toBe(1_048_576);
    expect(observation.http?.bodyTruncated).toBe(true);
  });

  it('honours a smaller body cap and reads a body that fits exactly in full', async () => {
    const server = createHttpServer((_req, res) => res.end('0123456789'));
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    const url = `http://${served.address}:${served.port}/`;
    const capped = await runProbe({ url }, await createProbeOptions({ maxBodyBytes: 4 }));
    expect(capped.http).toMatchObject({ body: '0123', bodyBytes: 4, bodyTruncated: true });
    const exact = await runProbe({ url }, await createProbeOptions({ maxBodyBytes: 10 }));
    expect(exact.http).toMatchObject({ body: '0123456789', bodyBytes: 10, bodyTruncated: false });
  });
});
