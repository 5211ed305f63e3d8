import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import type { ProbeOptions } from '../../../src/probe/probe-options.js';
import { runBurst } from '../../../src/probe/run-burst.js';
import { runProbe } from '../../../src/probe/run-probe.js';
import { requireTools } from '../lab/require-tools.js';
import { createProbeOptions } from './serve-on-loopback.js';

const tools = requireTools(['nginx', 'openssl']);
const HOST = 'shop.frontdoor.test';
const BIG_FILE_BYTES = 3 * 1_048_576;

async function readLogLines(path: string, expected: number): Promise<string[]> {
  // nginx writes the access log line after the response; give it a moment to catch up with the client.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const lines = (await readFile(path, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');
    if (lines.length >= expected) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (await readFile(path, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');
}

describe.skipIf(tools.skip)('runProbe against nginx', () => {
  let ca: CertificateAuthority;
  let dir: string;
  let nginx: NginxServer | undefined;
  let address: string;
  let httpsPort: number;
  let httpPort: number;
  let options: ProbeOptions;
  let logPath: string;

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-probe-nginx-'));
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'big.bin'), Buffer.alloc(BIG_FILE_BYTES, 'y'));
    await chmod(join(dir, 'big.bin'), 0o644);
    logPath = join(dir, 'connections.log');
    address = allocateLoopbackAddress();
    httpsPort = await findFreePort(address);
    httpPort = await findFreePort(address);
    const cert = await ca.issue({ names: [HOST] });
    nginx = await startNginx({
      httpBlock: `
        log_format probe_connections '$connection $remote_port $ssl_session_reused';
        server {
          listen ${address}:${httpsPort} ssl;
          server_name ${HOST};
          ssl_certificate ${cert.certPath};
          ssl_certificate_key ${cert.keyPath};
          access_log ${logPath} probe_connections;
          location = /health { add_header x-app-version v1 always; return 200 "ok\\n"; }
          location = /big { alias ${join(dir, 'big.bin')}; }
        }
        server {
          listen ${address}:${httpPort};
          server_name ${HOST};
          location = /health { return 200 "plain ok\\n"; }
          location = /old { return 301 https://${HOST}:${httpsPort}/health; }
        }`,
    });
    options = await createProbeOptions({ caFiles: [ca.caCertPath] });
  });
  afterAll(async () => {
    await nginx?.stop();
    await ca?.dispose();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('probes healthy https through nginx with the private CA', async () => {
    const observation = await runProbe(
      { url: `https://${HOST}:${httpsPort}/health`, resolve: { [HOST]: address } },
      options,
    );
    expect(observation.failure).toBeUndefined();
    expect(observation.tls).toMatchObject({ authorized: true, alpn: 'http/1.1', servername: HOST });
    expect(observation.tls?.certificate?.issuer).toBe('CN=frontdoor lab CA');
    expect(observation.http).toMatchObject({ status: 200, body: 'ok\n', httpVersion: '1.1' });
    expect(observation.http?.headers['x-app-version']).toBe('v1');
    expect(observation.http?.headers.server).toMatch(/^nginx/);
  });

  it('probes healthy http through nginx and follows its redirect to https', async () => {
    const plain = await runProbe(
      { url: `http://${HOST}:${httpPort}/health`, resolve: { [HOST]: address } },
      options,
    );
    expect(plain.failure).toBeUndefined();
    expect(plain.http).toMatchObject({ status: 200, body: 'plain ok\n' });
    const followed = await runProbe(
      { url: `http://${HOST}:${httpPort}/old`, resolve: { [HOST]: address } },
      { ...options, follow: 3 },
    );
    expect(followed.failure).toBeUndefined();
    expect(followed.redirects).toEqual([
      {
        url: `http://${HOST}:${httpPort}/old`,
        status: 301,
        location: `https://${HOST}:${httpsPort}/health`,
        timings: expect.objectContaining({ connect: expect.any(Number), total: 0 }),
        address: `${address}:${httpPort}`,
      },
    ]);
    expect(followed.tls?.authorized).toBe(true);
    expect(followed.http?.body).toBe('ok\n');
  });

  it('caps a huge body served by nginx at 1 MiB', async () => {
    const observation = await runProbe(
      { url: `https://${HOST}:${httpsPort}/big`, resolve: { [HOST]: address } },
      options,
    );
    expect(observation.failure).toBeUndefined();
    expect(observation.http?.headers['content-length']).toBe(String(BIG_FILE_BYTES));
    expect(observation.http).toMatchObject({ status: 200, bodyBytes: 1_048_576, bodyTruncated: true });
    expect(observation.http?.body.length).toBe(1_048_576);
  });

  it('sends a burst of 20 on 20 distinct connections, none resuming a session', async () => {
    const before = (await readLogLines(logPath, 0)).length;
    const observations = await runBurst(
      { url: `https://${HOST}:${httpsPort}/health`, resolve: { [HOST]: address } },
      options,
      20,
    );
    expect(observations.every((observation) => observation.failure === undefined)).toBe(true);
    expect(observations.every((observation) => observation.http?.status === 200)).toBe(true);
    const lines = (await readLogLines(logPath, before + 20)).slice(before);
    expect(lines).toHaveLength(20);
    const fields = lines.map((line) => line.split(' '));
    expect(new Set(fields.map(([connection]) => connection)).size).toBe(20);
    expect(new Set(fields.map(([, port]) => port)).size).toBe(20);
    expect(fields.every(([, , reused]) => reused === '.')).toBe(true);
  });
});
