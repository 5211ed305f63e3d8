import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from './decode-utf8.js';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

describe('decodeUtf8', () => {
  it('decodes UTF-8, multi-byte characters and all, and drops a byte order mark', () => {
    expect(decodeUtf8(bytes('café 🚀\n'))).toEqual({ ok: true, text: 'café 🚀\n' });
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'a: 1\n'))).toEqual({ ok: true, text: 'a: 1\n' });
  });

  it('finds the first byte that is not UTF-8, with its line and column in characters', () => {
    // latin1 "café" on line 3, after a line holding a multi-byte character
    expect(decodeUtf8(bytes('a: 1\nb: ü\n  caf', [0xe9], '\n'))).toEqual({
      ok: false,
      offset: 16,
      byte: 0xe9,
      line: 3,
      column: 6,
    });
    expect(decodeUtf8(bytes('ü: ', [0xfc]))).toMatchObject({ ok: false, offset: 4, line: 1, column: 4 });
    expect(decodeUtf8(bytes([0xff], 'a\n'))).toMatchObject({ ok: false, offset: 0, line: 1, column: 1 });
  });

  it('refuses overlong forms, surrogates, code points past U+10FFFF and cut sequences', () => {
    for (const invalid of [
      [0xc0, 0xaf], // overlong "/"
      [0xe0, 0x80, 0xaf], // overlong
      [0xed, 0xa0, 0x80], // U+D800, a surrogate
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xe2, 0x82], // cut short at the end
      [0xe2, 0x28, 0xa1], // a continuation missing
    ]) {
      expect(decodeUtf8(bytes('x', invalid))).toMatchObject({ ok: false, offset: 1, byte: invalid[0] });
    }
  });
});
