import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress, findFreePort } from '../lab/loopback.js';
import { formatHostPort } from '../probe/format-host-port.js';
import { postJson } from './post-json.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(
  handle: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<URL> {
  const address = allocateLoopbackAddress();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => handle(req, body, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as AddressInfo;
  return new URL(`http://${formatHostPort(address, port)}/api/v1/events`);
}

describe('postJson', () => {
  it('posts JSON with the bearer token and returns the status, the body and Retry-After', async () => {
    let seen: { headers: IncomingMessage['headers']; body: string; method?: string } | undefined;
    const url = await serve((req, body, res) => {
      seen = { headers: req.headers, body, ...(req.method === undefined ? {} : { method: req.method }) };
      res.writeHead(429, { 'retry-after': '7' }).end('slow down');
    });
    const outcome = await postJson(url, '{"events":[]}', { token: 'fdt_abc', timeoutMs: 5000 });
    expect(outcome).toEqual({ ok: true, status: 429, retryAfter: '7', body: 'slow down' });
    expect(seen).toMatchObject({
      method: 'POST',
      body: '{"events":[]}',
      headers: {
        authorization: 'Bearer fdt_abc',
        'content-type': 'application/json',
        'content-length': '13',
      },
    });
  });

  it('classifies a refused connection, a server that never answers, and a stop', async () => {
    const address = allocateLoopbackAddress();
    const closed = new URL(`http://${address}:${await findFreePort(address)}/`);
    expect(await postJson(closed, '{}', { token: 't', timeoutMs: 5000 })).toEqual({
      ok: false,
      code: 'refused',
      detail: 'ECONNREFUSED',
    });

    const silent = await serve(() => {});
    expect(await postJson(silent, '{}', { token: 't', timeoutMs: 100 })).toEqual({
      ok: false,
      code: 'timeout',
      detail: 'no complete answer within 100 ms',
    });
    const stop = new AbortController();
    const pending = postJson(silent, '{}', { token: 't', timeoutMs: 60_000, signal: stop.signal });
    stop.abort();
    expect(await pending).toEqual({ ok: false, code: 'timeout', detail: 'stopped' });
  });

  it('stops reading an answer larger than it needs', async () => {
    const url = await serve((_req, _body, res) => res.end('x'.repeat(200_000)));
    expect(await postJson(url, '{}', { token: 't', timeoutMs: 5000 })).toMatchObject({
      ok: false,
      code: 'too_large',
    });
  });
});
