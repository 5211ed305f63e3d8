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
});
