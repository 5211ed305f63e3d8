import { describe, expect, it } from 'vitest';
import { prefixLines } from './prefix-lines.js';

describe('prefixLines', () => {
  it('prefixes whole lines and holds a partial one until it ends or is flushed', () => {
    const written: string[] = [];
    const out = prefixLines('deploy| ', (text) => written.push(text));
    out.write('one\ntw');
    expect(written).toEqual(['deploy| one\n']);
    out.write('o\n\nthree');
    expect(written.join('')).toBe('deploy| one\ndeploy| two\ndeploy| \n');
    out.flush();
    out.flush();
    expect(written.join('')).toBe('deploy| one\ndeploy| two\ndeploy| \ndeploy| three\n');
  });

  it('writes a line longer than the bound in pieces, each prefixed, whatever the chunking', () => {
    const written: string[] = [];
    const out = prefixLines('> ', (text) => written.push(text), 4);
    out.write('abcdefghij');
    expect(written.join('')).toBe('> abcd\n> efgh\n');
    out.write('k');
    out.write('l\nmnopq\nr');
    out.flush();
    expect(written.join('')).toBe('> abcd\n> efgh\n> ijkl\n> mnop\n> q\n> r\n');
  });

  it('ends a line exactly at the bound without an empty piece', () => {
    const written: string[] = [];
    const out = prefixLines('> ', (text) => written.push(text), 4);
    out.write('ab');
    out.write('cd\nef\n');
    expect(written.join('')).toBe('> abcd\n> ef\n');
  });

  it('never cuts a surrogate pair in two', () => {
    const written: string[] = [];
    const out = prefixLines('', (text) => written.push(text), 4);
    out.write('abc🚀de');
    out.flush();
    expect(written.join('')).toBe('abc\n🚀de\n');
  });

  it('holds at most the bound however much arrives without a newline', () => {
    const written: string[] = [];
    let pieces = 0;
    const out = prefixLines(
      'deploy| ',
      (text) => {
        pieces += text.split('\n').length - 1;
        written.push(text.length > 64 ? '' : text);
      },
      1000,
    );
    const chunk = 'x'.repeat(65_536);
    for (let index = 0; index < 160; index += 1) out.write(chunk); // 10 MiB, no newline
    out.flush();
    expect(pieces).toBe(Math.ceil((160 * 65_536) / 1000));
  });
});
