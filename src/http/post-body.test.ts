import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress, findFreePort } from '../lab/loopback.js';
import { PostFailure, postRequest } from '../notify/post-request.js';
import { formatHostPort } from '../probe/format-host-port.js';
import { classifyPostError, postBody } from './post-body.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(answer: (req: IncomingMessage, body: string) => [number, string]): Promise<string> {
  const address = allocateLoopbackAddress();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const [status, text] = answer(req, body);
      res.writeHead(status, { 'x-seen': String(req.headers['x-test']) }).end(text);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return `http://${formatHostPort(address, (server.address() as AddressInfo).port)}/hook`;
}

describe('postBody, the one bounded POST of the channels and the agent', () => {
  it('sends the headers and the length, and returns any status with the answer', async () => {
    const url = await serve((req, body) => [503, `${req.method} ${body}`]);
    const outcome = await postBody(url, 'héllo', { headers: { 'x-test': 'yes' }, timeoutMs: 5000 });
    expect(outcome).toMatchObject({
      ok: true,
      status: 503,
      body: 'POST héllo',
      headers: { 'x-seen': 'yes' },
    });
  });

  it('stops at an abort signal, even one aborted before sending', async () => {
    const url = await serve(() => [200, 'late']);
    const stop = new AbortController();
    stop.abort();
    expect(await postBody(url, '{}', { headers: {}, timeoutMs: 5000, signal: stop.signal })).toMatchObject({
      ok: false,
      code: 'timeout',
      detail: 'stopped',
    });
  });

  it('reads no more than it was told, and says so with the status', async () => {
    const url = await serve(() => [200, 'x'.repeat(5000)]);
    expect(await postBody(url, '', { headers: {}, timeoutMs: 5000, maxResponseBytes: 1000 })).toMatchObject({
      ok: false,
      code: 'too_large',
      detail: 'answer larger than 1000 bytes (status 200)',
    });
  });

  it('names the error code of a request that failed before any answer', async () => {
    const address = allocateLoopbackAddress();
    const url = `http://${address}:${await findFreePort(address)}/`;
    expect(await postBody(url, '{}', { headers: {}, timeoutMs: 5000 })).toMatchObject({
      ok: false,
      code: 'refused',
      detail: 'request failed: ECONNREFUSED',
      requestError: 'ECONNREFUSED',
    });
  });

  it('is what postRequest rejects with for a refused connection, without the URL', async () => {
    const address = allocateLoopbackAddress();
    const url = `http://${address}:${await findFreePort(address)}/secret-path`;
    const failure = await postRequest(url, '{}', { headers: {}, timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PostFailure);
    expect(failure).toMatchObject({ code: 'refused', message: 'request failed: ECONNREFUSED' });
    expect(String((failure as Error).message)).not.toContain('secret-path');
  });
});

describe('classifyPostError', () => {
  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['EAI_AGAIN', 'dns'],
    ['ETIMEDOUT', 'timeout'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['EPROTO', 'tls'],
    ['EHOSTUNREACH', 'network'],
    [undefined, 'network'],
  ])('%s is %s', (code, expected) => {
    expect(classifyPostError(code)).toBe(expected);
  });
});
