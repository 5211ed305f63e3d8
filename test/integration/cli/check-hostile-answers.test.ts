import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { type ServedServer, serveOnLoopback } from '../probe/serve-on-loopback.js';
import { buildCli, runBuiltCli } from './run-built-cli.js';

const servers: ServedServer[] = [];

beforeAll(async () => {
  await buildCli();
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serveHttp(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const served = await serveOnLoopback(createServer(handler), allocateLoopbackAddress());
  servers.push(served);
  return `http://${served.address}:${served.port}/health`;
}

function readResult(stdout: string): { verdict: string; summary: string; evidence: string[] } {
  return (JSON.parse(stdout) as { results: Array<{ verdict: string; summary: string; evidence: string[] }> })
    .results[0] as { verdict: string; summary: string; evidence: string[] };
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
