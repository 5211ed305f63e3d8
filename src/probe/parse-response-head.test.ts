import { describe, expect, it } from 'vitest';
import { type HeadParse, parseResponseHead } from './parse-response-head.js';

/** Feeds `bytes` as the given pieces, the way onData accumulates them, returning the first settled result. */
function feedPieces(pieces: readonly Buffer[]): HeadParse {
  let received = Buffer.alloc(0);
  let result: HeadParse = { state: 'incomplete' };
  for (const piece of pieces) {
    received = Buffer.concat([received, piece]);
    result = parseResponseHead(received);
    if (result.state !== 'incomplete') return result;
  }
  return result;
}

/** Every way of delivering `text`: one byte at a time, and split in two at each position. */
function everySplit(text: string): Buffer[][] {
  const bytes = Buffer.from(text, 'latin1');
  const ways: Buffer[][] = [[...bytes].map((byte) => Buffer.from([byte]))];
  for (let at = 0; at <= bytes.length; at += 1) ways.push([bytes.subarray(0, at), bytes.subarray(at)]);
  return ways;
}

describe('parseResponseHead', () => {
  it('parses status, reason, headers and where the body starts, however the bytes arrive', () => {
    const text = 'HTTP/1.1 200 OK\r\nServer: nginx\r\nX-Empty:\r\nSet-Cookie: a=1\r\n\r\nbody';
    for (const pieces of everySplit(text)) {
      const result = feedPieces(pieces);
      expect(result).toEqual({
        state: 'complete',
        head: {
          httpVersion: '1.1',
          status: 200,
          statusText: 'OK',
          rawHeaders: ['Server', 'nginx', 'X-Empty', '', 'Set-Cookie', 'a=1'],
        },
        bodyStart: text.length - 4,
      });
    }
  });

  it('trims spaces and tabs around values but keeps latin1 text inside them', () => {
    const result = parseResponseHead(
      Buffer.from('HTTP/1.0 404 Not Found\r\nX-A: \t caf\xe9 \xa0\t \r\n\r\n', 'latin1'),
    );
    expect(result).toMatchObject({
      state: 'complete',
      head: { httpVersion: '1.0', status: 404, statusText: 'Not Found', rawHeaders: ['X-A', 'caf\xe9 \xa0'] },
    });
  });

  it('accepts a status line without a reason phrase', () => {
    const result = parseResponseHead(Buffer.from('HTTP/1.1 204\r\n\r\n'));
    expect(result).toMatchObject({ state: 'complete', head: { status: 204, statusText: '' }, bodyStart: 16 });
  });

  it.each([
    ['SSH-2.0-OpenSSH_9.2\r\n', 'HPE_INVALID_CONSTANT'],
    ['HTTP/1.1 2x0 OK\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['HTTP/1.1 20 OK\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['HTTP/1.1 099 Odd\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['HTTP/1.1 000 Zero\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['HTTP/1.1 600 High\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['HTTP/1.1 200 O\x01K\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['HTTP/x.1 200 OK\r\n\r\n', 'HPE_INVALID_VERSION'],
    ['HTTP/2.0 200 OK\r\n\r\n', 'HPE_INVALID_VERSION'],
    ['HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['HTTP/1.1 200 OK\r\n: no name\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['HTTP/1.1 200 OK\r\nno-colon\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['HTTP/1.1 200 OK\r\nX-A: a\r\n folded\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['HTTP/1.1 200 OK\r\nX-A: a\x00b\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['HTTP/1.1 200 OK\nX-A: a\r\n\r\n', 'HPE_CR_EXPECTED'],
    ['HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n', 'HPE_LF_EXPECTED'],
  ])('refuses %j as %s, however the bytes arrive', (text, code) => {
    for (const pieces of everySplit(text)) {
      const result = feedPieces(pieces);
      expect(result.state).toBe('error');
      expect(result.state === 'error' ? result.error.code : undefined).toBe(code);
    }
  });

  it('refuses a head over the size cap, with or without its end', () => {
    const big = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(100)}\r\n`;
    expect(parseResponseHead(Buffer.from(`${big}\r\n`), 64)).toMatchObject({
      state: 'error',
      error: { code: 'HPE_HEADER_OVERFLOW' },
    });
    expect(parseResponseHead(Buffer.from(big), 64)).toMatchObject({
      state: 'error',
      error: { code: 'HPE_HEADER_OVERFLOW' },
    });
    expect(parseResponseHead(Buffer.from(big), 1024)).toEqual({ state: 'incomplete' });
  });
});
