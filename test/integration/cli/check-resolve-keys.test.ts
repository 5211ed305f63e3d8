import { createServer } from 'node:http';
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

describe('frontdoor check --resolve keys', () => {
  // Every URL here has a fixed answer; a key that failed to match would send the name to the machine's resolver.
  it.each([
    ['a trailing dot on the URL host', 'http://shop.frontdoor.test.:PORT/health', 'shop.frontdoor.test'],
    [
      'a trailing dot and capitals on the key',
      'http://shop.frontdoor.test:PORT/health',
      'Shop.Frontdoor.Test.',
    ],
    [
      'an internationalised name on both sides',
      'http://bücher.frontdoor.test:PORT/health',
      'Bücher.Frontdoor.Test',
    ],
    [
      'a punycode key for a Unicode URL',
      'http://bücher.frontdoor.test:PORT/',
      'xn--bcher-kva.frontdoor.test',
    ],
  ])('matches %s', async (_, urlTemplate, key) => {
    const served = await serveOnLoopback(
      createServer((request, response) => response.end(`host=${request.headers.host}`)),
      allocateLoopbackAddress(),
    );
    servers.push(served);
    const url = urlTemplate.replace('PORT', String(served.port));
    const run = await runBuiltCli(['check', url, '--resolve', `${key}:${served.address}`, '--json']);
    const [result] = (JSON.parse(run.stdout) as { results: Array<{ verdict: string; evidence: string[] }> })
      .results;
    expect(result?.verdict).toBe('ok');
    expect(run.code).toBe(0);
  });
});
