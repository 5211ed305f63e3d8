import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createSecureServer, constants as h2 } from 'node:http2';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../../../src/config/target.js';
import { correlate } from '../../../src/diagnose/correlate.js';
import { diagnoseObservation } from '../../../src/diagnose/diagnose.js';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import type { ProbeObservation } from '../../../src/probe/observation.js';
import type { ProbeOptions } from '../../../src/probe/probe-options.js';
import { runProbe } from '../../../src/probe/run-probe.js';
import { runBuiltCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import { createProbeOptions, type ServedServer, serveOnLoopback } from './serve-on-loopback.js';

const tools = requireTools(['nginx', 'openssl']);
const HOST = 'shop.frontdoor.test';
const ALIAS = 'www.shop.frontdoor.test';
const BIG_FILE_BYTES = 3 * 1_048_576;

/** Waits until the server holds no connection: the probe closed its session and socket, whatever happened. */
async function expectNoConnectionLeft(server: Server): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const count = await new Promise<number>((resolve) =>
      server.getConnections((_error, open) => resolve(open)),
    );
    if (count === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the probe left a connection open');
}

function targetFor(url: string, hostname: string, origin: string): Target {
  return {
    id: `shop:${hostname}@${origin}`,
    name: `${hostname} via ${origin}`,
    url,
    hostname,
    via: origin,
    origin,
    site: 'shop',
    method: 'GET',
    headers: {},
    expect: { versionHeader: 'x-app-version' },
  };
}

function judge(target: Target, observation: ProbeObservation) {
  return diagnoseObservation({ target, observation, appMarkerKnown: false });
}

describe.skipIf(tools.skip)('HTTP/2 through ALPN against nginx and misbehaving servers', () => {
  let ca: CertificateAuthority;
  let dir: string;
  let nginx: NginxServer | undefined;
  let address: string;
  let h2Port: number;
  let h1OnlyPort: number;
  let noStreamsPort: number;
  let smallHeadersPort: number;
  let resetH2Port: number;
  let options: ProbeOptions;
  let certPath: string;
  let keyPath: string;
  const served: ServedServer[] = [];

  const resolve = (): Record<string, string> => ({ [HOST]: address, [ALIAS]: address });

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-probe-http2-'));
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'big.bin'), Buffer.alloc(BIG_FILE_BYTES, 'y'), { mode: 0o644 });
    address = allocateLoopbackAddress();
    h2Port = await findFreePort(address);
    h1OnlyPort = await findFreePort(address);
    noStreamsPort = await findFreePort(address);
    smallHeadersPort = await findFreePort(address);
    resetH2Port = await findFreePort(address);
    ({ certPath, keyPath } = await ca.issue({ names: [HOST, ALIAS] }));
    const tls = `ssl_certificate ${certPath}; ssl_certificate_key ${keyPath};`;
    const health = 'location = /health { add_header x-app-version v1 always; return 200 "ok\\n"; }';
    nginx = await startNginx({
      httpBlock: `
        server {
          listen ${address}:${h2Port} ssl http2;
          server_name ${HOST} ${ALIAS};
          ${tls}
          ${health}
          location = /big { alias ${join(dir, 'big.bin')}; }
        }
        server { listen ${address}:${h1OnlyPort} ssl; server_name ${HOST}; ${tls} ${health} }
        # HTTP/2 takes no stream here, HTTP/1.1 is served: an HTTP/2-only fault.
        server {
          listen ${address}:${noStreamsPort} ssl http2;
          server_name ${HOST} ${ALIAS};
          http2_max_concurrent_streams 0;
          ${tls}
          ${health}
        }
        # HTTP/2 streams reset, HTTP/1.1 served: nginx ends an HTTP/2 request it closes (444) with RST_STREAM.
        server {
          listen ${address}:${resetH2Port} ssl http2;
          server_name ${HOST} ${ALIAS};
          ${tls}
          location = /health {
            if ($server_protocol = "HTTP/2.0") { return 444; }
            return 200 "ok\\n";
          }
        }
        server {
          listen ${address}:${smallHeadersPort} ssl http2;
          server_name ${HOST};
          large_client_header_buffers 2 1k;
          ${tls}
          ${health}
        }`,
    });
    options = await createProbeOptions({ caFiles: [ca.caCertPath] });
  });
  afterAll(async () => {
    for (const server of served) await server.close();
    await nginx?.stop();
    await ca?.dispose();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  /** A TLS server on loopback that chooses h2 in ALPN and then does what `onSecure` does. */
  async function serveH2Alpn(
    onSecure: (socket: import('node:tls').TLSSocket) => void,
  ): Promise<ServedServer> {
    const server = createTlsServer(
      { cert: await readFile(certPath), key: await readFile(keyPath), ALPNProtocols: ['h2'] },
      onSecure,
    );
    const started = await serveOnLoopback(server, allocateLoopbackAddress());
    served.push(started);
    return started;
  }

  it('speaks HTTP/2 to a healthy nginx: ALPN h2, the answer in HTTP/2, headers and body as over HTTP/1.1', async () => {
    const url = `https://${HOST}:${h2Port}/health`;
    const observation = await runProbe({ url, resolve: resolve() }, options);
    expect(observation.failure).toBeUndefined();
    expect(observation.tls?.alpn).toBe('h2');
    expect(observation.http).toMatchObject({ status: 200, httpVersion: '2.0', body: 'ok\n', statusText: '' });
    expect(observation.http?.headers['x-app-version']).toBe('v1');
    expect(observation.http?.headers.server).toMatch(/^nginx/);
    expect(observation.overHttp1).toBeUndefined();
    expect(observation.timings.ttfb).toBeGreaterThanOrEqual(0);
    expect(judge(targetFor(url, HOST, 'web1'), observation).verdict).toBe('ok');

    const forced = await runProbe({ url, resolve: resolve(), http: ['h1'] }, options);
    expect(forced.tls?.alpn).toBe('http/1.1');
    expect(forced.http).toMatchObject({ status: 200, httpVersion: '1.1', body: 'ok\n' });
  });

  it('caps a huge HTTP/2 body at the body limit without failing', async () => {
    const observation = await runProbe(
      { url: `https://${HOST}:${h2Port}/big`, resolve: resolve() },
      { ...options, maxBodyBytes: 65_536 },
    );
    expect(observation.failure).toBeUndefined();
    expect(observation.http).toMatchObject({ httpVersion: '2.0', bodyBytes: 65_536, bodyTruncated: true });
  });

  it('speaks HTTP/1.1 to a server that offers only http/1.1, and names it when HTTP/2 is required', async () => {
    const url = `https://${HOST}:${h1OnlyPort}/health`;
    const observation = await runProbe({ url, resolve: resolve() }, options);
    expect(observation.failure).toBeUndefined();
    expect(observation.tls?.alpn).toBe('http/1.1');
    expect(observation.http).toMatchObject({ status: 200, httpVersion: '1.1' });

    const mustSpeakH2 = targetFor(url, HOST, 'web1');
    mustSpeakH2.expect.httpVersions = ['HTTP/2.0'];
    const diagnosis = judge(mustSpeakH2, observation);
    expect(diagnosis.verdict).toBe('http2_failure');
    expect(diagnosis.evidence).toContain('ALPN: offered h2, http/1.1, the server chose http/1.1');

    const onlyH2 = await runProbe({ url, resolve: resolve(), http: ['h2'] }, options);
    expect(onlyH2.failure).toMatchObject({ phase: 'tls', code: 'h2_not_negotiated' });
    expect(onlyH2.overHttp1?.http).toMatchObject({ status: 200, httpVersion: '1.1' });
  });

  it('names HTTP/2 as the fault when nginx refuses every stream while the same request passes over HTTP/1.1', async () => {
    const results = [];
    for (const hostname of [HOST, ALIAS]) {
      const url = `https://${hostname}:${noStreamsPort}/health`;
      const observation = await runProbe({ url, resolve: resolve() }, options);
      expect(observation.failure?.code).toBe('h2_refused_stream');
      expect(observation.overHttp1?.http).toMatchObject({ status: 200, httpVersion: '1.1' });
      const diagnosis = judge(targetFor(url, hostname, 'web1'), observation);
      expect(diagnosis.verdict).toBe('http2_failure');
      expect(diagnosis.summary).toContain('while the same request over HTTP/1.1 passes');
      expect(diagnosis.overHttp1).toMatchObject({ verdict: 'ok', status: 200 });
      results.push({
        id: `shop:${hostname}@web1`,
        target: `${hostname} via web1`,
        url,
        connectTo: `${address}:${noStreamsPort}`,
        verdict: diagnosis.verdict,
        layer: diagnosis.layer,
        summary: diagnosis.summary,
        evidence: diagnosis.evidence,
        status: null,
        timings: observation.timings,
        hostname,
        via: 'web1',
        origin: 'web1',
        site: 'shop',
        ...(diagnosis.overHttp1 === undefined ? {} : { overHttp1: diagnosis.overHttp1 }),
      });
    }
    expect(correlate(results).map((finding) => finding.code)).toContain('http2_only_failure');
  });

  it('names HTTP/2 as the fault when nginx resets the HTTP/2 stream while HTTP/1.1 is served', async () => {
    const url = `https://${HOST}:${resetH2Port}/health`;
    const observation = await runProbe({ url, resolve: resolve() }, options);
    expect(observation.tls?.alpn).toBe('h2');
    expect(observation.failure).toMatchObject({
      phase: 'http',
      code: 'h2_stream_reset',
      errorCode: 'PROTOCOL_ERROR',
    });
    expect(observation.overHttp1?.http).toMatchObject({ status: 200, httpVersion: '1.1', body: 'ok\n' });
    const diagnosis = judge(targetFor(url, HOST, 'web1'), observation);
    expect(diagnosis).toMatchObject({ verdict: 'http2_failure', layer: 'http' });
    // nginx's reset is valid HTTP/2: the summary must not call it "what is not HTTP/2".
    expect(diagnosis.summary).toContain('the HTTP/2 stream on web1 was reset with PROTOCOL_ERROR');
    expect(diagnosis.summary).toContain('nginx: return 444');
    expect(diagnosis.summary).not.toContain('what is not HTTP/2');
    expect(diagnosis.summary).toContain('while the same request over HTTP/1.1 passes');
    expect(diagnosis.evidence.join('\n')).toContain('(h2_stream_reset, PROTOCOL_ERROR)');
  });

  it('records the GOAWAY code when a request header is over nginx HTTP/2 limits, and what HTTP/1.1 got', async () => {
    const url = `https://${HOST}:${smallHeadersPort}/health`;
    const observation = await runProbe(
      { url, resolve: resolve(), headers: { 'x-large': 'z'.repeat(4_000) } },
      options,
    );
    expect(observation.failure).toMatchObject({
      phase: 'http',
      code: 'h2_goaway',
      errorCode: 'ENHANCE_YOUR_CALM',
    });
    // nginx holds HTTP/1.1 to the same limit, answering 400: the summary says HTTP/1.1 fails too.
    expect(observation.overHttp1?.http?.status).toBe(400);
    const diagnosis = judge(targetFor(url, HOST, 'web1'), observation);
    expect(diagnosis.verdict).toBe('http2_failure');
    expect(diagnosis.summary).toContain('GOAWAY ENHANCE_YOUR_CALM');
    expect(diagnosis.summary).toContain('over HTTP/1.1 it fails too (client_error)');
  });

  it('classifies a stream reset while HTTP/1.1 is served, from the RST_STREAM code, leaving no connection', async () => {
    const server = createSecureServer(
      { cert: await readFile(certPath), key: await readFile(keyPath), allowHTTP1: true },
      (request, response) => {
        if (request.httpVersion === '2.0') {
          request.stream.close(h2.NGHTTP2_INTERNAL_ERROR);
          return;
        }
        response.end('ok\n');
      },
    );
    const started = await serveOnLoopback(server, allocateLoopbackAddress());
    served.push(started);
    const url = `https://${HOST}:${started.port}/health`;
    const observation = await runProbe({ url, resolve: { [HOST]: started.address } }, options);
    expect(observation.failure).toMatchObject({
      phase: 'http',
      code: 'h2_stream_reset',
      errorCode: 'INTERNAL_ERROR',
    });
    expect(observation.overHttp1?.http).toMatchObject({ status: 200, httpVersion: '1.1' });
    expect(judge(targetFor(url, HOST, 'app1'), observation).summary).toContain(
      'reset the HTTP/2 stream with INTERNAL_ERROR',
    );
    await expectNoConnectionLeft(server);
  });

  it('fails as h2_protocol_error when a server negotiates h2 and then sends garbage', async () => {
    const started = await serveH2Alpn((socket) => {
      socket.on('error', () => undefined);
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'.repeat(20));
    });
    const observation = await runProbe(
      { url: `https://${HOST}:${started.port}/health`, resolve: { [HOST]: started.address }, http: ['h2'] },
      options,
    );
    expect(observation.tls?.alpn).toBe('h2');
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'h2_protocol_error' });
    // Offered h2 only: the server cannot answer in HTTP/1.1 either.
    expect(observation.overHttp1?.failure).toBeDefined();
  });

  it('fails as h2_settings_timeout, within its limit, when a server negotiates h2 and then says nothing', async () => {
    const started = await serveH2Alpn((socket) => {
      socket.on('error', () => undefined);
      socket.resume();
    });
    const observation = await runProbe(
      { url: `https://${HOST}:${started.port}/health`, resolve: { [HOST]: started.address } },
      { ...options, retryOverHttp1: false },
    );
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'h2_settings_timeout' });
    expect(observation.overHttp1).toBeUndefined();
  });

  it('shows the protocol in check --json and the table, and --http1.1 forces HTTP/1.1', async () => {
    const base = [
      'check',
      `https://${HOST}:${h2Port}/health`,
      '--resolve',
      `${HOST}:${address}`,
      '--ca',
      ca.caCertPath,
    ];
    const json = await runBuiltCli([...base, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).results[0]).toMatchObject({ verdict: 'ok', httpVersion: '2' });
    const forced = await runBuiltCli([...base, '--json', '--http1.1']);
    expect(JSON.parse(forced.stdout).results[0]).toMatchObject({ verdict: 'ok', httpVersion: '1.1' });
    const table = await runBuiltCli(base);
    expect(table.stdout.split('\n')[0]).toMatch(/^VERDICT\s+LAYER\s+STATUS\s+HTTP\s+TIME/);
    expect(table.stdout.split('\n')[1]).toMatch(/^ok\s+-\s+200\s+2\s+/);
  });
});
