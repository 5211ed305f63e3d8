import { createServer as createNetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { runProbe } from '../../../src/probe/run-probe.js';
import { createProbeOptions, type ServedServer, serveOnLoopback } from './serve-on-loopback.js';

// Responses written byte for byte by a raw TCP server, so every framing the probe's own parser must handle
// (interim heads, chunked with extensions and trailers, close-delimited, bodiless statuses) arrives as sent.
describe('runProbe reading HTTP/1.1 framing', () => {
  const servers: ServedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  /** Answers the first request on each connection with `pieces`, written a few ms apart, then `after`. */
  async function serveResponse(pieces: readonly string[], after: 'end' | 'hold' = 'end'): Promise<string> {
    const server = createNetServer((socket: Socket) => {
      socket.once('data', async () => {
        for (const piece of pieces) {
          socket.write(piece, 'latin1');
          await new Promise((done) => setTimeout(done, 5));
        }
        if (after === 'end') socket.end();
      });
    });
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    return `http://${served.address}:${served.port}/`;
  }

  it('skips 100 Continue and 103 Early Hints and records the final response', async () => {
    const url = await serveResponse([
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n',
      'HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nfinal',
    ]);
    const observation = await runProbe({ url }, await createProbeOptions());
    expect(observation.failure).toBeUndefined();
    expect(observation.http).toMatchObject({ status: 200, body: 'final', bodyBytes: 5 });
    expect(observation.http?.headers.link).toBeUndefined();
  });

  it('decodes a chunked body with extensions and trailers sent in pieces, ignoring what follows', async () => {
    const url = await serveResponse(
      [
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n5;ext=1\r\nchun',
        'k\r\n6\r\ned bod\r\n1\r\ny\r\n0\r\nX-Checksum: 1\r\n',
        '\r\nJUNK',
      ],
      'hold',
    );
    const observation = await runProbe({ url }, await createProbeOptions());
    expect(observation.failure).toBeUndefined();
    expect(observation.http).toMatchObject({ status: 200, body: 'chunked body', bodyBytes: 12 });
    expect(observation.http?.transferMs).toBeGreaterThan(0);
  });

  it('reads a body without a length until the server closes', async () => {
    const url = await serveResponse(['HTTP/1.0 200 OK\r\nServer: old\r\n\r\nuntil ', 'the close']);
    const observation = await runProbe({ url }, await createProbeOptions());
    expect(observation.failure).toBeUndefined();
    expect(observation.http).toMatchObject({ status: 200, httpVersion: '1.0', body: 'until the close' });
  });

  it('ends a 204 and a HEAD answer at the head, whatever they declare', async () => {
    const noContent = await serveResponse(['HTTP/1.1 204 No Content\r\ncontent-length: 10\r\n\r\n'], 'hold');
    const observed = await runProbe({ url: noContent }, await createProbeOptions());
    expect(observed.failure).toBeUndefined();
    expect(observed.http).toMatchObject({ status: 204, body: '', bodyBytes: 0 });

    const head = await serveResponse(['HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n'], 'hold');
    const headObserved = await runProbe({ url: head, method: 'HEAD' }, await createProbeOptions());
    expect(headObserved.failure).toBeUndefined();
    expect(headObserved.http).toMatchObject({ method: 'HEAD', status: 200, bodyBytes: 0 });
  });

  it('classifies conflicting content-lengths and a bad chunk size as parse errors', async () => {
    const conflicting = await serveResponse([
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\nok',
    ]);
    const first = await runProbe({ url: conflicting }, await createProbeOptions());
    expect(first.failure).toMatchObject({
      phase: 'http',
      code: 'http_parse_error',
      errorCode: 'HPE_UNEXPECTED_CONTENT_LENGTH',
    });
    expect(first.http).toBeUndefined();

    const badChunk = await serveResponse([
      'HTTP/1.1 502 Bad Gateway\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\nzz\r\n',
    ]);
    const second = await runProbe({ url: badChunk }, await createProbeOptions());
    expect(second.failure).toMatchObject({ code: 'http_parse_error', errorCode: 'HPE_INVALID_CHUNK_SIZE' });
    expect(second.http).toMatchObject({ status: 502, body: 'ok' });
  });

  it('refuses a status outside 100-599 written with three digits, such as 099', async () => {
    const url = await serveResponse(['HTTP/1.1 099 Odd\r\ncontent-length: 2\r\n\r\nok']);
    const observation = await runProbe({ url }, await createProbeOptions());
    expect(observation.failure).toMatchObject({
      phase: 'http',
      code: 'http_parse_error',
      errorCode: 'HPE_INVALID_STATUS',
    });
    expect(observation.http).toBeUndefined();
  });

  it('classifies a chunked body cut short by a close as closed early', async () => {
    const url = await serveResponse(['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhel']);
    const observation = await runProbe({ url }, await createProbeOptions());
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'http_closed_early' });
    expect(observation.http).toMatchObject({ status: 200, body: 'hel' });
  });

  it('sends POST without a body as content-length 0', async () => {
    let seen = '';
    const server = createNetServer((socket: Socket) => {
      socket.once('data', (data) => {
        seen = data.toString('latin1');
        socket.end('HTTP/1.1 201 Created\r\ncontent-length: 0\r\n\r\n');
      });
    });
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    const url = `http://${served.address}:${served.port}/submit`;
    const observation = await runProbe({ url, method: 'POST' }, await createProbeOptions());
    expect(observation.http).toMatchObject({ status: 201 });
    expect(seen).toMatch(/^POST \/submit HTTP\/1\.1\r\n/);
    expect(seen).toContain('\r\ncontent-length: 0\r\n');
    expect(seen.endsWith('\r\n\r\n')).toBe(true);
  });

  it('reads what a server says before the request as its answer: an SSH banner is no HTTP response', async () => {
    // The banner reaches the client while it is still connecting and writing, before the exchange listens.
    const server = createNetServer((socket: Socket) => {
      socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
    });
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/` },
      await createProbeOptions(),
    );
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'http_parse_error' });
    expect(observation.http).toBeUndefined();
  });

  it('takes a response sent in full before the request was written', async () => {
    const server = createNetServer((socket: Socket) => {
      socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\n\r\nbusy');
    });
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/` },
      await createProbeOptions(),
    );
    expect(observation.http).toMatchObject({ status: 503, body: 'busy', bodyBytes: 4 });
  });
});
