import { describe, expect, it } from 'vitest';
import type { BodyFraming } from './choose-framing.js';
import { type BodyStatus, createBodyReader } from './read-body.js';

interface Read {
  status: BodyStatus;
  body: string;
  bytes: number;
  completeAtClose: boolean;
}

function readPieces(framing: BodyFraming, maxBytes: number, pieces: readonly Buffer[]): Read {
  const reader = createBodyReader(framing, maxBytes);
  let status: BodyStatus = 'more';
  for (const piece of pieces) {
    status = reader.feed(piece, 0);
    if (status !== 'more') break;
  }
  return {
    status,
    body: Buffer.concat(reader.chunks).toString('latin1'),
    bytes: reader.bytes,
    completeAtClose: reader.isCompleteAtClose(),
  };
}

function everySplit(text: string): Buffer[][] {
  const bytes = Buffer.from(text, 'latin1');
  const ways: Buffer[][] = [[...bytes].map((byte) => Buffer.from([byte]))];
  for (let at = 0; at <= bytes.length; at += 1) ways.push([bytes.subarray(0, at), bytes.subarray(at)]);
  return ways;
}

const LENGTH_10: BodyFraming = { kind: 'length', length: 10 };
const CHUNKED: BodyFraming = { kind: 'chunked', length: 0 };
const CLOSE: BodyFraming = { kind: 'close', length: 0 };

describe('createBodyReader', () => {
  it('reads exactly content-length bytes and ignores what follows, however the bytes arrive', () => {
    for (const pieces of everySplit('0123456789TRAILING JUNK')) {
      expect(readPieces(LENGTH_10, 1024, pieces)).toEqual({
        status: 'done',
        body: '0123456789',
        bytes: 10,
        completeAtClose: true,
      });
    }
  });

  it('is incomplete at a close before content-length bytes arrived', () => {
    expect(readPieces(LENGTH_10, 1024, [Buffer.from('short')])).toEqual({
      status: 'more',
      body: 'short',
      bytes: 5,
      completeAtClose: false,
    });
  });

  it('is done at once for no body and for content-length 0', () => {
    expect(createBodyReader({ kind: 'none', length: 0 }, 10).feed(Buffer.from('x'), 0)).toBe('done');
    expect(createBodyReader({ kind: 'length', length: 0 }, 10).isCompleteAtClose()).toBe(true);
  });

  it('decodes a chunked body, however the bytes arrive', () => {
    for (const pieces of everySplit('3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\nT: 1\r\n\r\nJUNK')) {
      expect(readPieces(CHUNKED, 1024, pieces)).toEqual({
        status: 'done',
        body: 'abcdefg',
        bytes: 7,
        completeAtClose: true,
      });
    }
  });

  it('reports a bad chunk size with the body read so far', () => {
    expect(readPieces(CHUNKED, 1024, [Buffer.from('3\r\nabc\r\nzz\r\n')])).toMatchObject({
      status: { code: 'HPE_INVALID_CHUNK_SIZE' },
      body: 'abc',
      completeAtClose: false,
    });
  });

  it('reads a close-delimited body until the connection ends', () => {
    for (const pieces of everySplit('all of it')) {
      expect(readPieces(CLOSE, 1024, pieces)).toEqual({
        status: 'more',
        body: 'all of it',
        bytes: 9,
        completeAtClose: true,
      });
    }
  });

  it('keeps the cap exactly and reports capped only when a byte goes beyond it', () => {
    for (const framing of [LENGTH_10, CLOSE]) {
      for (const pieces of everySplit('0123456789')) {
        expect(readPieces(framing, 10, pieces)).toMatchObject({
          status: framing === CLOSE ? 'more' : 'done',
        });
        expect(readPieces(framing, 4, pieces)).toMatchObject({ status: 'capped', body: '0123', bytes: 4 });
      }
    }
    expect(readPieces(CHUNKED, 4, [Buffer.from('a\r\n0123456789\r\n0\r\n\r\n')])).toMatchObject({
      status: 'capped',
      body: '0123',
      bytes: 4,
    });
  });
});
