import { describe, expect, it } from 'vitest';
import { formatMilliseconds } from './format-milliseconds.js';

describe('formatMilliseconds', () => {
  it.each([
    [0, '0 ms'],
    [0.42, '0.4 ms'],
    [4, '4 ms'],
    [9.94, '9.9 ms'],
    [9.96, '10 ms'],
    [12.4, '12 ms'],
    [999.4, '999 ms'],
    [999.6, '1000 ms'],
    [1000, '1 s'],
    [1236, '1.2 s'],
    [30_000, '30 s'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatMilliseconds(ms)).toBe(text);
  });
});
