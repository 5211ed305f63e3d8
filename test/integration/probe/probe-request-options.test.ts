import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { runProbe } from '../../../src/probe/run-probe.js';
import { requireTools } from '../lab/require-tools.js';
import { createProbeOptions, type ServedServer, serveOnLoopback } from './serve-on-loopback.js';

const tools = requireTools(['openssl']);
const HOST = 'shop.frontdoor.test';

describe.skipIf(tools.skip)('runProbe: body, server name and chain (what /probe asks of the probe)', () => {
  let ca: CertificateAuthority;
  const servers: ServedServer[] = [];

  beforeAll(async () => {
    ca = await createCertificateAuthority();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  afterAll(async () => {
    await ca?.dispose();
  });

  it('sends a body with its length, on the first hop only', async () => {
    const seen: string[] = [];
    const server = createHttpServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        seen.push(`${request.method} ${request.url} ${request.headers['content-length'] ?? '-'} ${body}`);
        if (request.url === '/form') response.writeHead(303, { location: '/done' }).end();
        else response.end('ok');
      });
    });
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/form`, method: 'POST', body: '{"ä":1}' },
      await createProbeOptions({ follow: 1 }),
    );
    expect(observation.failure).toBeUndefined();
    expect(observation.http?.status).toBe(200);
    expect(seen).toEqual(['POST /form 8 {"ä":1}', 'GET /done - ']);
  });

  it('presents serverName as SNI and holds the certificate to it while redirects stay on the host and port', async () => {
    const cert = await ca.issue({ names: [HOST] });
    const names: string[] = [];
    const server = createHttpsServer(
      { cert: await readFile(cert.certPath), key: await readFile(cert.keyPath) },
      (request, response) => {
        names.push(
          `${request.url} ${(request.socket as TLSSocket).servername || '(none)'} ${request.headers.host}`,
        );
        if (request.url === '/old') response.writeHead(301, { location: '/health' }).end();
        else response.end('ok');
      },
    );
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    const options = await createProbeOptions({ caFiles: [ca.caCertPath], follow: 1 });
    const url = `https://${served.address}:${served.port}/old`;
    const observation = await runProbe({ url, serverName: HOST, hostHeader: HOST }, options);
    expect(observation.failure).toBeUndefined();
    expect(observation.tls).toMatchObject({ servername: HOST, authorized: true });
    expect(names).toEqual([`/old ${HOST} ${HOST}`, `/health ${HOST} ${served.address}:${served.port}`]);

    // Without it the address is the name, and this certificate does not cover it.
    const bare = await runProbe({ url }, options);
    expect(bare.failure?.code).toBe('tls_name_mismatch');
  });

  it('records each chain certificate until the trust store, and the leaf alone when unverified', async () => {
    const cert = await ca.issue({ names: [HOST] });
    const server = createHttpsServer(
      { cert: await readFile(cert.certPath), key: await readFile(cert.keyPath) },
      (_, response) => response.end('ok'),
    );
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    const request = { url: `https://${served.address}:${served.port}/`, serverName: HOST };
    const leafTo = new Date(new X509Certificate(await readFile(cert.certPath)).validTo).toISOString();
    const caTo = new Date(new X509Certificate(await readFile(ca.caCertPath)).validTo).toISOString();

    const trusted = await runProbe(request, {
      ...(await createProbeOptions({ caFiles: [ca.caCertPath] })),
      recordChain: true,
    });
    expect(trusted.tls?.chainValidTo).toEqual([leafTo, caTo]);
    expect(trusted.tls?.certificate?.subject).toBe(`CN=${HOST}`);

    const unverified = await runProbe(request, {
      ...(await createProbeOptions({ insecure: true })),
      recordChain: true,
    });
    expect(unverified.tls?.authorized).toBe(false);
    expect(unverified.tls?.chainValidTo).toEqual([leafTo]);

    const unasked = await runProbe(request, await createProbeOptions({ caFiles: [ca.caCertPath] }));
    expect(unasked.tls?.chainValidTo).toBeUndefined();
  });
});
