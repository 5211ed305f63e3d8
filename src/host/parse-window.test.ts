import { describe, expect, it } from 'vitest';
import { parseWindow } from './parse-window.js';

describe('parseWindow', () => {
  it.each([
    ['90m', 90 * 60_000],
    ['36h', 36 * 3_600_000],
    ['7d', 7 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['1.5d', 36 * 3_600_000],
  ])('%s', (text, ms) => {
    expect(parseWindow(text, '--since')).toBe(ms);
  });

  it.each(['', '7', '0d', 'd', '7 days', '-1d'])('rejects %j with one line naming the flag', (text) => {
    expect(() => parseWindow(text, '--since')).toThrow(`--since: invalid window '${text}'`);
  });
});
