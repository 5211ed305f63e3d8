import { describe, expect, it } from 'vitest';
import { sameLines } from './same-lines.js';

describe('sameLines', () => {
  it('compares whole lists by default', () => {
    expect(sameLines(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameLines(['a', 'b'], ['a', 'c'])).toBe(false);
    expect(sameLines(['a'], ['a', 'b'])).toBe(false);
    expect(sameLines([], [])).toBe(true);
  });

  it('compares with the first `limit` entries only when given one', () => {
    expect(sameLines(['a', 'b'], ['a', 'b', 'c'], 2)).toBe(true);
    expect(sameLines(['a', 'b', 'c'], ['a', 'b', 'c'], 2)).toBe(false);
    expect(sameLines(['a'], ['a'], 2)).toBe(true);
  });
});
