import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { requireTools } from '../lab/require-tools.js';
import { type ServedServer, serveOnLoopback } from '../probe/serve-on-loopback.js';
import { buildCli, runBuiltCli } from './run-built-cli.js';

const tools = requireTools(['openssl']);
const servers: ServedServer[] = [];
let ca: CertificateAuthority | undefined;

beforeAll(async () => {
  await buildCli();
  if (!tools.skip) ca = await createCertificateAuthority();
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

afterAll(async () => {
  await ca?.dispose();
});

async function serveHttp(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const served = await serveOnLoopback(createServer(handler), allocateLoopbackAddress());
  servers.push(served);
  return `http://${served.address}:${served.port}/health`;
}

interface JsonResult {
  verdict: string;
  summary: string;
  evidence: string[];
  redirects?: Array<{ url: string; status: number; location: string; address?: string }>;
}

function readResult(stdout: string): JsonResult {
  return (JSON.parse(stdout) as { results: JsonResult[] }).results[0] as JsonResult;
}

describe('frontdoor check and compressed bodies', () => {
  it('asks for identity, so a server free to compress (no Accept-Encoding means any coding) sends text', async () => {
    // RFC 9110 12.5.3: a request without Accept-Encoding accepts any content coding.
    const url = await serveHttp((request, response) => {
      if (request.headers['accept-encoding'] === 'identity') response.end('status: ok\n');
      else {
        response.setHeader('content-encoding', 'gzip');
        response.end(gzipSync('status: ok\n'));
      }
    });
    const run = await runBuiltCli(['check', url, '--expect-body', 'status: ok', '--json']);
    expect(readResult(run.stdout).verdict).toBe('ok');
    expect(run.code).toBe(0);
  });

  it('says the body came gzip-encoded when a server compresses anyway, instead of blaming another site', async () => {
    const url = await serveHttp((_request, response) => {
      response.setHeader('content-encoding', 'gzip');
      response.end(gzipSync('status: ok\n'));
    });
    const run = await runBuiltCli(['check', url, '--expect-body', 'status: ok', '--json']);
    const result = readResult(run.stdout);
    expect(run.code).toBe(1);
    expect(result.verdict).toBe('unexpected_content');
    expect(result.summary).toContain('the body came gzip-encoded although the probe asked for identity');
    expect(result.evidence).toContainEqual(
      expect.stringContaining('sent with content-encoding: gzip, not decoded'),
    );
  });
});

describe.skipIf(tools.skip)('frontdoor check --follow and redirects that leave TLS or lead nowhere', () => {
  const HOST = 'shop.frontdoor.test';

  it('fails a redirect from https to plain http as insecure_redirect, sends nothing in the clear, and shows every hop', async () => {
    const address = allocateLoopbackAddress();
    let plainRequests = 0;
    const plain = await serveOnLoopback(
      createServer((_request, response) => {
        plainRequests += 1;
        response.end('plain ok');
      }),
      address,
    );
    servers.push(plain);
    const issued = await (ca as CertificateAuthority).issue({ names: [HOST] });
    const [cert, key] = await Promise.all([readFile(issued.certPath), readFile(issued.keyPath)]);
    const secure = await serveOnLoopback(
      createHttpsServer({ cert, key }, (request, response) => {
        response.statusCode = request.url === '/health' ? 301 : 302;
        response.setHeader(
          'location',
          request.url === '/health' ? '/health/' : `http://${HOST}:${plain.port}/health/`,
        );
        response.end();
      }),
      address,
    );
    servers.push(secure);
    const url = `https://${HOST}:${secure.port}/health`;
    const common = [
      'check',
      url,
      '--follow',
      '5',
      '--resolve',
      `${HOST}:${address}`,
      '--ca',
      (ca as CertificateAuthority).caCertPath,
    ];

    const refused = await runBuiltCli([...common, '--json']);
    const result = readResult(refused.stdout);
    expect(refused.code).toBe(1);
    expect(result.verdict).toBe('insecure_redirect');
    expect(result.summary).toContain(
      `https://${HOST}:${secure.port}/health/ redirects to plain http (http://${HOST}:${plain.port}/health/)`,
    );
    expect(result.redirects).toEqual([
      { url, status: 301, location: '/health/', address: `${address}:${secure.port}` },
      {
        url: `${url}/`,
        status: 302,
        location: `http://${HOST}:${plain.port}/health/`,
        address: `${address}:${secure.port}`,
      },
    ]);
    expect(plainRequests).toBe(0);

    const table = await runBuiltCli(common);
    expect(table.stdout).toContain(`  redirect 301 ${url} (${address}:${secure.port}) -> /health/`);
    expect(table.stdout).toContain(
      `  redirect 302 ${url}/ (${address}:${secure.port}) -> http://${HOST}:${plain.port}/health/`,
    );

    const allowed = await runBuiltCli([...common, '--allow-insecure-redirect', '--json']);
    expect(allowed.code).toBe(0);
    expect(readResult(allowed.stdout).verdict).toBe('ok');
    expect(readResult(allowed.stdout).redirects).toHaveLength(2);
    expect(plainRequests).toBe(1);
  });

  it('names the address and port really dialled when a redirect leads to a dead host', async () => {
    const dead = allocateLoopbackAddress();
    const deadPort = await findFreePort(dead);
    const url = await serveHttp((_request, response) => {
      response.statusCode = 302;
      response.setHeader('location', `http://gone.frontdoor.test:${deadPort}/health`);
      response.end();
    });
    const run = await runBuiltCli([
      'check',
      url,
      '--follow',
      '2',
      '--resolve',
      `gone.frontdoor.test:${dead}`,
      '--json',
    ]);
    const result = readResult(run.stdout);
    expect(result.verdict).toBe('connect_refused');
    expect(result.summary).toBe(
      `nothing listens on ${dead}:${deadPort}; ask the host who owns the port: frontdoor host`,
    );
    expect(result.evidence).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^connect to ${dead.replaceAll('.', '\\.')}:${deadPort} failed \\(connect_refused, ECONNREFUSED\\)`,
        ),
      ),
    );
  });
});

describe('frontdoor check and control characters from a server', () => {
  it('shows them escaped in the table, so nothing reaches the terminal raw, and keeps them exact in JSON', async () => {
    // Latin-1 bytes on the wire: 0x9B is CSI by itself in terminals that honour C1, 0x85 is NEL.
    const reason = 'Not\x9b2J\x9b31mFound\x85';
    const served = await serveOnLoopback(
      createNetServer((socket: Socket) => {
        socket.once('data', () =>
          socket.end(`HTTP/1.1 404 ${reason}\r\ncontent-length: 9\r\n\r\nnot found`, 'latin1'),
        );
      }),
      allocateLoopbackAddress(),
    );
    servers.push(served);
    const url = `http://${served.address}:${served.port}/health`;
    const table = await runBuiltCli(['check', url]);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain('answered 404 Not\\x9B2J\\x9B31mFound\\x85 for /health');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(table.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);

    const json = await runBuiltCli(['check', url, '--json']);
    expect(readResult(json.stdout).summary).toContain(`answered 404 ${reason} for /health`);
  });
});
