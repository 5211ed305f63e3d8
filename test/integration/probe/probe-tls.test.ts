import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import type { HostResolver } from '../../../src/probe/host-resolver.js';
import { runProbe } from '../../../src/probe/run-probe.js';
import { requireTools } from '../lab/require-tools.js';
import {
  createProbeOptions,
  type ServedServer,
  SHORT_TIMEOUTS,
  serveOnLoopback,
} from './serve-on-loopback.js';

const tools = requireTools(['openssl']);
const HOST = 'shop.frontdoor.test';
const DAY = 86_400_000;

describe.skipIf(tools.skip)('runProbe over https', () => {
  let ca: CertificateAuthority;
  let otherCa: CertificateAuthority;
  const servers: ServedServer[] = [];

  beforeAll(async () => {
    [ca, otherCa] = await Promise.all([
      createCertificateAuthority(),
      createCertificateAuthority({ commonName: 'someone else CA' }),
    ]);
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  afterAll(async () => {
    await Promise.all([ca?.dispose(), otherCa?.dispose()]);
  });

  async function serveHttps(
    authority: CertificateAuthority,
    issue: { names: string[]; notBefore?: Date; notAfter?: Date; commonNameOnly?: boolean },
  ): Promise<ServedServer> {
    const issued = await authority.issue(issue);
    const [cert, key] = await Promise.all([readFile(issued.certPath), readFile(issued.keyPath)]);
    const server = createHttpsServer({ cert, key }, (req, res) => {
      res.setHeader('x-alpn', (req.socket as { alpnProtocol?: string | false }).alpnProtocol || 'none');
      res.setHeader('x-sni', (req.socket as { servername?: string | false }).servername || 'none');
      res.end('secure ok');
    });
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    return served;
  }

  function probe(served: ServedServer, options: Awaited<ReturnType<typeof createProbeOptions>>) {
    return runProbe(
      { url: `https://${HOST}:${served.port}/health`, resolve: { [HOST]: served.address } },
      options,
    );
  }

  it('verifies a healthy certificate, sends SNI and ALPN, and records the certificate', async () => {
    const served = await serveHttps(ca, { names: [HOST] });
    const observation = await probe(served, await createProbeOptions({ caFiles: [ca.caCertPath] }));
    expect(observation.failure).toBeUndefined();
    expect(observation.tls).toMatchObject({ servername: HOST, authorized: true, alpn: 'http/1.1' });
    expect(observation.tls?.verifyFailure).toBeUndefined();
    expect(observation.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(observation.tls?.cipher).toBeTruthy();
    const certificate = observation.tls?.certificate;
    expect(certificate).toMatchObject({ subject: `CN=${HOST}`, subjectAltNames: [HOST], selfSigned: false });
    expect(certificate?.issuer).toBe('CN=frontdoor lab CA');
    expect(new Date(certificate?.validTo ?? '').getTime()).toBeGreaterThan(Date.now());
    expect(certificate?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(certificate?.serialNumber).toMatch(/^[0-9A-F]+$/);
    expect(observation.http).toMatchObject({
      status: 200,
      body: 'secure ok',
      hostHeader: `${HOST}:${served.port}`,
    });
    expect(observation.http?.headers['x-alpn']).toBe('http/1.1');
    expect(observation.http?.headers['x-sni']).toBe(HOST);
    expect(observation.timings.tls).toBeGreaterThan(0);
  });

  it('reads the leaf as an X509Certificate, never through the certificate objects Node would build', async () => {
    const served = await serveHttps(ca, { names: [HOST] });
    const options = await createProbeOptions({ caFiles: [ca.caCertPath] });
    const asked: unknown[] = [];
    const original = TLSSocket.prototype.getPeerCertificate;
    TLSSocket.prototype.getPeerCertificate = function (this: TLSSocket, detailed?: boolean) {
      asked.push(detailed);
      return original.call(this, detailed as false);
    } as typeof original;
    try {
      const observation = await probe(served, options);
      expect(observation.tls).toMatchObject({ authorized: true, certificate: { subject: `CN=${HOST}` } });
    } finally {
      TLSSocket.prototype.getPeerCertificate = original;
    }
    expect(asked).toEqual([]);
  });

  it('stops at a certificate for another name and still records it', async () => {
    const served = await serveHttps(ca, { names: ['other.frontdoor.test'] });
    const observation = await probe(served, await createProbeOptions({ caFiles: [ca.caCertPath] }));
    expect(observation.failure).toMatchObject({
      phase: 'tls',
      code: 'tls_name_mismatch',
      errorCode: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    expect(observation.tls).toMatchObject({ authorized: false, verifyFailure: 'tls_name_mismatch' });
    expect(observation.tls?.certificate?.subjectAltNames).toEqual(['other.frontdoor.test']);
    expect(observation.http).toBeUndefined();
  });

  it('stops at a certificate that names the host only in its CN, which Node would accept and browsers refuse', async () => {
    const served = await serveHttps(ca, { names: [HOST], commonNameOnly: true });
    const observation = await probe(served, await createProbeOptions({ caFiles: [ca.caCertPath] }));
    expect(observation.failure).toMatchObject({
      phase: 'tls',
      code: 'tls_name_mismatch',
      errorCode: 'NO_SUBJECT_ALT_NAME',
      detail: `certificate not accepted for ${HOST}: the certificate has no subjectAltName: it names ${HOST} only in its CN, which browsers ignore`,
    });
    expect(observation.tls?.certificate).toMatchObject({ subject: `CN=${HOST}`, subjectAltNames: [] });
    expect(observation.http).toBeUndefined();
  });

  it('classifies an expired certificate', async () => {
    const served = await serveHttps(ca, {
      names: [HOST],
      notBefore: new Date(Date.now() - 60 * DAY),
      notAfter: new Date(Date.now() - 2 * DAY),
    });
    const observation = await probe(served, await createProbeOptions({ caFiles: [ca.caCertPath] }));
    expect(observation.failure).toMatchObject({
      phase: 'tls',
      code: 'tls_cert_expired',
      errorCode: 'CERT_HAS_EXPIRED',
    });
    expect(new Date(observation.tls?.certificate?.validTo ?? '').getTime()).toBeLessThan(Date.now());
  });

  it('classifies a certificate that is not valid yet', async () => {
    const served = await serveHttps(ca, {
      names: [HOST],
      notBefore: new Date(Date.now() + 2 * DAY),
      notAfter: new Date(Date.now() + 60 * DAY),
    });
    const observation = await probe(served, await createProbeOptions({ caFiles: [ca.caCertPath] }));
    expect(observation.failure).toMatchObject({ phase: 'tls', code: 'tls_cert_not_yet_valid' });
  });

  it('classifies a certificate from an untrusted CA', async () => {
    const served = await serveHttps(otherCa, { names: [HOST] });
    const observation = await probe(served, await createProbeOptions({ caFiles: [ca.caCertPath] }));
    expect(observation.failure).toMatchObject({ phase: 'tls', code: 'tls_untrusted' });
    expect(observation.tls?.verifyErrorCode).toMatch(
      /UNABLE_TO_(GET_ISSUER_CERT_LOCALLY|VERIFY_LEAF_SIGNATURE)/,
    );
    expect(observation.tls?.certificate?.issuer).toBe('CN=someone else CA');
  });

  it('continues to HTTP when insecure, keeping the verification failure', async () => {
    const served = await serveHttps(otherCa, { names: ['other.frontdoor.test'] });
    const observation = await probe(served, await createProbeOptions({ insecure: true }));
    expect(observation.failure).toBeUndefined();
    expect(observation.tls).toMatchObject({ authorized: false, verifyFailure: 'tls_untrusted' });
    expect(observation.http?.status).toBe(200);
  });

  it('checks IP literal targets against IP SANs without sending SNI', async () => {
    const address = allocateLoopbackAddress();
    const issued = await ca.issue({ names: [address] });
    const [cert, key] = await Promise.all([readFile(issued.certPath), readFile(issued.keyPath)]);
    const server = createHttpsServer({ cert, key }, (req, res) => {
      res.end(String((req.socket as { servername?: string | false }).servername || 'no sni'));
    });
    const served = await serveOnLoopback(server, address);
    servers.push(served);
    const options = await createProbeOptions({ caFiles: [ca.caCertPath] });
    const observation = await runProbe({ url: `https://${address}:${served.port}/` }, options);
    expect(observation.failure).toBeUndefined();
    expect(observation.tls?.authorized).toBe(true);
    expect(observation.http?.body).toBe('no sni');
  });

  it('reports a refused https connection in the connect phase, before any TLS', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const observation = await runProbe(
      { url: `https://${HOST}:${port}/`, resolve: { [HOST]: address } },
      await createProbeOptions({ caFiles: [ca.caCertPath] }),
    );
    expect(observation.failure).toMatchObject({
      phase: 'connect',
      code: 'connect_refused',
      errorCode: 'ECONNREFUSED',
    });
    expect(observation.connect).toBeUndefined();
    expect(observation.tls).toBeUndefined();
  });

  it('tries the next address when one refuses, then verifies on the one that accepts', async () => {
    const served = await serveHttps(ca, { names: [HOST] });
    const refusing = allocateLoopbackAddress();
    const resolver: HostResolver = async () => ({
      addresses: [
        { address: refusing, family: 4 },
        { address: served.address, family: 4 },
      ],
      source: 'dns',
    });
    const options = { ...(await createProbeOptions({ caFiles: [ca.caCertPath] })), resolver };
    const observation = await runProbe({ url: `https://${HOST}:${served.port}/` }, options);
    expect(observation.failure).toBeUndefined();
    expect(observation.connect?.address).toBe(served.address);
    expect(observation.tls).toMatchObject({ servername: HOST, authorized: true });
    expect(observation.http?.headers['x-sni']).toBe(HOST);
  });

  it('verifies over IPv6 on [::1], sending the hostname as SNI', async () => {
    const issued = await ca.issue({ names: [HOST] });
    const [cert, key] = await Promise.all([readFile(issued.certPath), readFile(issued.keyPath)]);
    const server = createHttpsServer({ cert, key }, (req, res) => {
      res.end(`sni=${(req.socket as { servername?: string | false }).servername || 'none'}`);
    });
    const served = await serveOnLoopback(server, '::1');
    servers.push(served);
    const observation = await runProbe(
      { url: `https://${HOST}:${served.port}/`, resolve: { [HOST]: '::1' } },
      await createProbeOptions({ caFiles: [ca.caCertPath] }),
    );
    expect(observation.failure).toBeUndefined();
    expect(observation.connect).toMatchObject({ address: '::1', family: 6 });
    expect(observation.tls?.authorized).toBe(true);
    expect(observation.http?.body).toBe(`sni=${HOST}`);
  });

  it('keeps the connect observation when the handshake then fails', async () => {
    const served = await serveOnLoopback(
      createHttpServer((_req, res) => res.end('plain')),
      allocateLoopbackAddress(),
    );
    servers.push(served);
    const observation = await probe(served, await createProbeOptions({ caFiles: [ca.caCertPath] }));
    expect(observation.failure?.phase).toBe('tls');
    expect(observation.connect).toMatchObject({ address: served.address, port: served.port, family: 4 });
    expect(observation.connect?.localPort).toBeGreaterThan(0);
    expect(observation.timings.connect).toBeGreaterThan(0);
  });

  it('reports a handshake failure when plain HTTP listens on the TLS port', async () => {
    const served = await serveOnLoopback(
      createHttpServer((_req, res) => res.end('plain')),
      allocateLoopbackAddress(),
    );
    servers.push(served);
    const observation = await probe(served, await createProbeOptions({ caFiles: [ca.caCertPath] }));
    expect(observation.failure).toMatchObject({ phase: 'tls', code: 'tls_handshake_failed' });
    expect(observation.failure?.errorCode).toBeTruthy();
    expect(observation.tls).toBeUndefined();
  });

  it('reports a handshake failure when the listener closes at once', async () => {
    const served = await serveOnLoopback(
      createNetServer((socket) => socket.destroy()),
      allocateLoopbackAddress(),
    );
    servers.push(served);
    const observation = await probe(served, await createProbeOptions({ caFiles: [ca.caCertPath] }));
    expect(observation.failure).toMatchObject({ phase: 'tls', code: 'tls_handshake_failed' });
  });

  it('times out a listener that never answers the ClientHello', async () => {
    const served = await serveOnLoopback(
      createNetServer(() => undefined),
      allocateLoopbackAddress(),
    );
    servers.push(served);
    const observation = await probe(served, await createProbeOptions({ caFiles: [ca.caCertPath] }));
    expect(observation.failure).toMatchObject({ phase: 'tls', code: 'tls_timeout' });
    expect(observation.failure?.durationMs).toBeGreaterThanOrEqual(SHORT_TIMEOUTS.tlsMs - 5);
  });
});
