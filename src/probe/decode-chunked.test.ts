import { describe, expect, it } from 'vitest';
import { type ChunkedStatus, createChunkedDecoder } from './decode-chunked.js';

interface Decoded {
  status: ChunkedStatus;
  data: string;
  /** bytes of the input the message used, counted over every piece */
  used: number;
}

function decodePieces(pieces: readonly Buffer[]): Decoded {
  const decoder = createChunkedDecoder();
  const out: Buffer[] = [];
  let offset = 0;
  let status: ChunkedStatus = 'more';
  for (const piece of pieces) {
    status = decoder.feed(piece, 0, (data) => out.push(Buffer.from(data)));
    if (status !== 'more') {
      return { status, data: Buffer.concat(out).toString('latin1'), used: offset + decoder.consumed };
    }
    offset += piece.length;
  }
  return { status, data: Buffer.concat(out).toString('latin1'), used: offset };
}

function everySplit(text: string): Buffer[][] {
  const bytes = Buffer.from(text, 'latin1');
  const ways: Buffer[][] = [[...bytes].map((byte) => Buffer.from([byte]))];
  for (let at = 0; at <= bytes.length; at += 1) ways.push([bytes.subarray(0, at), bytes.subarray(at)]);
  return ways;
}

describe('createChunkedDecoder', () => {
  it('decodes chunks with extensions and trailers, however the bytes arrive, and stops at the end', () => {
    const message = '5;name=value\r\nhello\r\nA\r\n, chunked!\r\n0; last\r\nX-Trailer: t\r\nX-Two: 2\r\n\r\n';
    for (const pieces of everySplit(`${message}JUNK`)) {
      expect(decodePieces(pieces)).toEqual({ status: 'done', data: 'hello, chunked!', used: message.length });
    }
  });

  it('decodes upper- and lower-case hex sizes and an empty body', () => {
    const big = 'x'.repeat(0xab);
    expect(decodePieces([Buffer.from(`aB\r\n${big}\r\n0\r\n\r\n`)])).toMatchObject({
      status: 'done',
      data: big,
    });
    expect(decodePieces([Buffer.from('0\r\n\r\n')])).toEqual({ status: 'done', data: '', used: 5 });
  });

  it('says more while the body is incomplete and keeps the data so far', () => {
    expect(decodePieces([Buffer.from('5\r\nhel')])).toMatchObject({ status: 'more', data: 'hel' });
    expect(decodePieces([Buffer.from('5\r\nhello\r\n0\r\nX-T: 1\r\n')])).toMatchObject({ status: 'more' });
  });

  it('starts at the given offset', () => {
    const decoder = createChunkedDecoder();
    const out: string[] = [];
    const status = decoder.feed(Buffer.from('HEAD2\r\nok\r\n0\r\n\r\n'), 4, (piece) =>
      out.push(piece.toString()),
    );
    expect(status).toBe('done');
    expect(out.join('')).toBe('ok');
  });

  it.each([
    ['zz\r\nhello\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['-5\r\nhello\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['\r\nhello\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['5x\r\nhello\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['5\nhello\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['5\r\nhelloXX0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['fffffffffffffff\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['5;a\x01\r\nhello\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['0\r\nX-T: 1\n\r\n', 'HPE_CR_EXPECTED'],
  ])('refuses %j as %s, however the bytes arrive', (text, code) => {
    for (const pieces of everySplit(text)) {
      const { status } = decodePieces(pieces);
      expect(typeof status === 'object' ? status.code : status).toBe(code);
    }
  });
});
