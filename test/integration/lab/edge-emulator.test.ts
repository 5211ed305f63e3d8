import { readFile } from 'node:fs/promises';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AppBackend, startAppBackend } from '../../../src/lab/app-backend.js';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { type EdgeEmulator, type EdgeRoute, startEdgeEmulator } from '../../../src/lab/edge-emulator.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { startStalledListener } from '../../../src/lab/stalled-listener.js';
import { get } from './http-get.js';
import { requireTools } from './require-tools.js';

const tools = requireTools(['openssl']);
const HOST = 'shop.example.test';
const RAY = /^[0-9a-f]{16}-AMS$/;

describe.skipIf(tools.skip)('edge emulator (Cloudflare-like)', () => {
  let ca: CertificateAuthority;
  let caPem: Buffer;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    caPem = await readFile(ca.caCertPath);
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  afterAll(async () => {
    await ca?.dispose();
  });

  async function edgeFor(route: EdgeRoute, extra: Partial<Parameters<typeof startEdgeEmulator>[0]> = {}) {
    const edge: EdgeEmulator = await startEdgeEmulator({
      routes: { [HOST]: route },
      originCaPath: ca.caCertPath,
      ...extra,
    });
    closers.push(() => edge.close());
    return edge;
  }
  async function app(options: Parameters<typeof startAppBackend>[0] = {}) {
    const backend: AppBackend = await startAppBackend(options);
    closers.push(() => backend.close());
    return backend;
  }
  const visit = (edge: EdgeEmulator, path = '/health') =>
    get({ address: edge.address, port: edge.port, host: HOST, path });

  function expectEdgeError(response: Awaited<ReturnType<typeof get>>, code: number, title: string) {
    expect(response.status).toBe(code);
    expect(response.headers.server).toBe('cloudflare');
    expect(response.headers['cf-ray']).toMatch(RAY);
    expect(response.headers['content-type']).toBe('text/html; charset=UTF-8');
    expect(response.body).toContain(`Error code ${code}`);
    expect(response.body).toContain(`<title>${HOST} | ${code}: ${title}</title>`);
    expect(response.body).toContain((response.headers['cf-ray'] as string).split('-')[0]);
  }

  it('passes a healthy origin through with server: cloudflare and a cf-ray added', async () => {
    const origin = await app({ version: '5.1.0' });
    const edge = await edgeFor({
      kind: 'proxy',
      host: origin.address,
      port: origin.port,
      sslMode: 'flexible',
    });
    const response = await visit(edge);
    expect(response.status).toBe(200);
    expect(response.body).toBe('ok\n');
    expect(response.headers['x-app-version']).toBe('5.1.0');
    expect(response.headers.server).toBe('cloudflare');
    expect(response.headers['cf-ray']).toMatch(RAY);
    expect(response.headers['cf-cache-status']).toBe('DYNAMIC');
  });

  it("passes the origin's own 500 through unchanged (not an edge error)", async () => {
    const origin = await app({ mode: { kind: 'error500', delayMs: 1 } });
    const edge = await edgeFor({
      kind: 'proxy',
      host: origin.address,
      port: origin.port,
      sslMode: 'flexible',
    });
    const response = await visit(edge);
    expect(response.status).toBe(500);
    expect(response.body).toContain('frontdoor-lab-app');
    expect(response.headers.server).toBe('cloudflare');
  });

  it('answers 521 "Web server is down" when the origin refuses the connection', async () => {
    const host = allocateLoopbackAddress();
    const edge = await edgeFor({ kind: 'proxy', host, port: await findFreePort(host), sslMode: 'full' });
    const response = await visit(edge);
    expectEdgeError(response, 521, 'Web server is down');
  });

  it('answers 522 "Connection timed out" when the origin never completes the TCP handshake', async () => {
    const origin = await startStalledListener();
    closers.push(() => origin.close());
    const edge = await edgeFor(
      { kind: 'proxy', host: origin.address, port: origin.port, sslMode: 'full' },
      { connectTimeoutMs: 300 },
    );
    expectEdgeError(await visit(edge), 522, 'Connection timed out');
  });

  it('answers 525 "SSL handshake failed" when the origin speaks plain HTTP where TLS is expected', async () => {
    const origin = await app();
    const edge = await edgeFor({ kind: 'proxy', host: origin.address, port: origin.port, sslMode: 'full' });
    expectEdgeError(await visit(edge), 525, 'SSL handshake failed');
  });

  it('answers 526 in full_strict for an expired origin certificate, but full mode accepts it', async () => {
    const expired = await ca.issue({
      names: [HOST],
      notBefore: new Date(Date.now() - 10 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    const origin = await app({ tls: expired });
    const strict = await edgeFor({
      kind: 'proxy',
      host: origin.address,
      port: origin.port,
      sslMode: 'full_strict',
    });
    expectEdgeError(await visit(strict), 526, 'Invalid SSL certificate');
    const full = await edgeFor({ kind: 'proxy', host: origin.address, port: origin.port, sslMode: 'full' });
    expect((await visit(full)).status).toBe(200);
  });

  it('answers 526 in full_strict when the origin certificate does not cover the hostname', async () => {
    const other = await ca.issue({ names: ['other.example.test'] });
    const origin = await app({ tls: other });
    const strict = await edgeFor({
      kind: 'proxy',
      host: origin.address,
      port: origin.port,
      sslMode: 'full_strict',
    });
    expectEdgeError(await visit(strict), 526, 'Invalid SSL certificate');
  });

  it('proxies to a valid https origin in full_strict', async () => {
    const origin = await app({ tls: await ca.issue({ names: [HOST] }) });
    const strict = await edgeFor({
      kind: 'proxy',
      host: origin.address,
      port: origin.port,
      sslMode: 'full_strict',
    });
    const response = await visit(strict);
    expect(response.status).toBe(200);
    expect(response.body).toBe('ok\n');
  });

  it('answers 524 when the origin accepts but never answers, and 520 when it hangs up', async () => {
    const hanging = await app({ mode: { kind: 'hang' } });
    const slowEdge = await edgeFor(
      { kind: 'proxy', host: hanging.address, port: hanging.port, sslMode: 'flexible' },
      { responseTimeoutMs: 300 },
    );
    expectEdgeError(await visit(slowEdge), 524, 'A timeout occurred');

    const host = allocateLoopbackAddress();
    const port = await findFreePort(host);
    const rude: TcpServer = createTcpServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => rude.listen(port, host, resolve));
    closers.push(() => new Promise((resolve) => rude.close(() => resolve())));
    const edge = await edgeFor({ kind: 'proxy', host, port, sslMode: 'flexible' });
    expectEdgeError(await visit(edge), 520, 'Web server is returning an unknown error');
  });

  it('answers 530 for hostnames it does not route, 403 for blocked ones, and its own bare 502', async () => {
    const edge = await edgeFor({ kind: 'block' });
    const unknown = await get({ address: edge.address, port: edge.port, host: 'unrouted.example.test' });
    expect(unknown.status).toBe(530);
    expect(unknown.body).toContain('Error 1016');
    const blocked = await visit(edge);
    expect(blocked.status).toBe(403);
    expect(blocked.headers.server).toBe('cloudflare');
    expect(blocked.body).toContain('Sorry, you have been blocked');
    edge.setRoute(HOST, { kind: 'edge_error', status: 502 });
    const bad = await visit(edge);
    expect(bad.status).toBe(502);
    expect(bad.body).toContain('<center>cloudflare</center>');
  });

  it('serves visitors over https with a lab certificate', async () => {
    const origin = await app();
    const edge = await edgeFor(
      { kind: 'proxy', host: origin.address, port: origin.port, sslMode: 'flexible' },
      { tls: await ca.issue({ names: [HOST] }) },
    );
    expect(edge.protocol).toBe('https');
    const response = await get({ address: edge.address, port: edge.port, host: HOST, ca: caPem });
    expect(response.status).toBe(200);
    expect(response.headers['cf-ray']).toMatch(RAY);
  });
});
