import { describe, expect, it } from 'vitest';
import { chooseFraming } from './choose-framing.js';
import type { ResponseHead } from './parse-response-head.js';

function head(status: number, rawHeaders: string[]): ResponseHead {
  return { httpVersion: '1.1', status, statusText: '', rawHeaders };
}

describe('chooseFraming', () => {
  it('gives HEAD answers, 1xx, 204 and 304 no body whatever they declare', () => {
    expect(chooseFraming('HEAD', head(200, ['Content-Length', '10']))).toMatchObject({ kind: 'none' });
    expect(chooseFraming('GET', head(204, ['Content-Length', '10']))).toMatchObject({ kind: 'none' });
    expect(chooseFraming('GET', head(304, ['Transfer-Encoding', 'chunked']))).toMatchObject({ kind: 'none' });
    expect(chooseFraming('GET', head(101, []))).toMatchObject({ kind: 'none' });
  });

  it('reads content-length, accepting repeats of the same value', () => {
    expect(chooseFraming('GET', head(200, ['Content-Length', '42']))).toEqual({ kind: 'length', length: 42 });
    expect(chooseFraming('GET', head(200, ['content-length', '7', 'CONTENT-LENGTH', '7, 7']))).toEqual({
      kind: 'length',
      length: 7,
    });
  });

  it('refuses negative, non-numeric and conflicting content-length', () => {
    expect(chooseFraming('GET', head(200, ['Content-Length', '-1']))).toMatchObject({
      code: 'HPE_INVALID_CONTENT_LENGTH',
    });
    expect(chooseFraming('GET', head(200, ['Content-Length', '1e3']))).toMatchObject({
      code: 'HPE_INVALID_CONTENT_LENGTH',
    });
    expect(chooseFraming('GET', head(200, ['Content-Length', '']))).toMatchObject({
      code: 'HPE_INVALID_CONTENT_LENGTH',
    });
    expect(chooseFraming('GET', head(200, ['Content-Length', '5', 'Content-Length', '6']))).toMatchObject({
      code: 'HPE_UNEXPECTED_CONTENT_LENGTH',
    });
    expect(chooseFraming('GET', head(200, ['Content-Length', '5, 6']))).toMatchObject({
      code: 'HPE_UNEXPECTED_CONTENT_LENGTH',
    });
  });

  it('lets chunked win over content-length, as RFC 9112 says', () => {
    const both = head(200, ['Content-Length', '3', 'Transfer-Encoding', 'gzip, Chunked']);
    expect(chooseFraming('GET', both)).toMatchObject({ kind: 'chunked' });
    const split = head(200, ['Transfer-Encoding', 'gzip', 'Transfer-Encoding', 'chunked']);
    expect(chooseFraming('GET', split)).toMatchObject({ kind: 'chunked' });
  });

  it('reads to the close without a length or with a final coding other than chunked', () => {
    expect(chooseFraming('GET', head(200, []))).toMatchObject({ kind: 'close' });
    expect(chooseFraming('GET', head(200, ['Transfer-Encoding', 'chunked, gzip']))).toMatchObject({
      kind: 'close',
    });
  });
});
