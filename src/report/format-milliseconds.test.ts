import { describe, expect, it } from 'vitest';
import { formatMilliseconds } from './format-milliseconds.js';

describe('formatMilliseconds', () => {
  it.each([
    [0.42, '0.4ms'],
    [4, '4.0ms'],
    [9.94, '9.9ms'],
    [12.4, '12ms'],
    [999.4, '999ms'],
    [1000, '1.00s'],
    [30_000, '30.00s'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatMilliseconds(ms)).toBe(text);
  });
});
