import { readFile } from 'node:fs/promises';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../../../src/config/target.js';
import { diagnose } from '../../../src/diagnose/diagnose.js';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import type { ProbeObservation } from '../../../src/probe/observation.js';
import { runProbe } from '../../../src/probe/run-probe.js';
import { requireTools } from '../lab/require-tools.js';
import { createProbeOptions, type ServedServer, serveOnLoopback } from './serve-on-loopback.js';

const tools = requireTools(['nginx', 'openssl']);
const HOST = 'mtls.frontdoor.test';

function targetFor(url: string): Target {
  return {
    id: `${url}@edge`,
    name: url,
    url,
    hostname: HOST,
    via: 'edge',
    method: 'GET',
    headers: {},
    expect: { versionHeader: 'x-app-version' },
  };
}

function judge(observation: ProbeObservation) {
  return diagnose({ target: targetFor(observation.request.url), observations: [observation] });
}

describe.skipIf(tools.skip)('runProbe against a server that requires a client certificate', () => {
  let ca: CertificateAuthority;
  let issued: { certPath: string; keyPath: string };
  const servers: ServedServer[] = [];
  let nginx: NginxServer | undefined;

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    issued = await ca.issue({ names: [HOST] });
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await nginx?.stop();
    nginx = undefined;
  });
  afterAll(async () => {
    await ca?.dispose();
  });

  async function serveTls(options: { requestCert: boolean; maxVersion: 'TLSv1.2' | 'TLSv1.3' }) {
    const [cert, key, caCert] = await Promise.all([
      readFile(issued.certPath),
      readFile(issued.keyPath),
      readFile(ca.caCertPath),
    ]);
    const server = createTlsServer(
      { cert, key, ca: caCert, rejectUnauthorized: true, ...options },
      (socket: TLSSocket) => {
        socket.on('error', () => undefined);
        socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'));
      },
    );
    server.on('tlsClientError', () => undefined);
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    return `https://${HOST}:${served.port}/health`;
  }

  async function probe(url: string, address: string) {
    const options = await createProbeOptions({ caFiles: [ca.caCertPath] });
    return runProbe({ url, resolve: { [HOST]: address } }, options);
  }

  it.each([['TLSv1.3' as const], ['TLSv1.2' as const]])(
    'node:tls with requestCert and rejectUnauthorized over %s: tls_client_certificate_required at the tls layer',
    async (maxVersion) => {
      const url = await serveTls({ requestCert: true, maxVersion });
      const observation = await probe(url, servers.at(-1)?.address ?? '');
      expect(observation.failure).toMatchObject({ phase: 'tls', code: 'tls_client_certificate_required' });
      // OpenSSL 3.5 (Node 22 and 24) says SSL/TLS where 3.0 (Node 20) said SSLV3.
      expect(observation.failure?.errorCode).toMatch(
        maxVersion === 'TLSv1.3'
          ? /^ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED$/
          : /^ERR_SSL_(SSLV3|SSL\/TLS)_ALERT_HANDSHAKE_FAILURE$/,
      );
      const diagnosis = judge(observation);
      expect(diagnosis).toMatchObject({ verdict: 'tls_client_certificate_required', layer: 'tls' });
      expect(diagnosis.summary).toContain('requires a client certificate');
    },
  );

  it('records no CertificateRequest from a server that does not ask, and passes', async () => {
    const url = await serveTls({ requestCert: false, maxVersion: 'TLSv1.3' });
    const observation = await probe(url, servers.at(-1)?.address ?? '');
    expect(observation.failure).toBeUndefined();
    expect(observation.tls?.clientCertificateRequested).toBeUndefined();
    expect(judge(observation).verdict).toBe('ok');
  });

  it.each([['on'], ['optional']])('nginx with ssl_verify_client %s', async (mode) => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    nginx = await startNginx({
      httpBlock: `
        server {
          listen ${address}:${port} ssl;
          server_name ${HOST};
          ssl_certificate ${issued.certPath};
          ssl_certificate_key ${issued.keyPath};
          ssl_client_certificate ${ca.caCertPath};
          ssl_verify_client ${mode};
          location = /health { return 200 "ok\\n"; }
        }`,
    });
    const observation = await probe(`https://${HOST}:${port}/health`, address);
    expect(observation.tls?.clientCertificateRequested).toBe(true);
    const diagnosis = judge(observation);
    if (mode === 'optional') {
      expect(diagnosis.verdict).toBe('ok');
      return;
    }
    expect(observation.http?.status).toBe(400);
    expect(diagnosis).toMatchObject({ verdict: 'tls_client_certificate_required', layer: 'tls' });
    expect(diagnosis.summary).toBe(
      `${address}:${port} requires a client certificate (it asked for one in the TLS handshake and refused to go on without): visitors without one cannot get in; if that is not intended, look for client-certificate verification (nginx ssl_verify_client) on what holds :${port}`,
    );
  });
});
