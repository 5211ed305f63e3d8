import { describe, expect, it } from 'vitest';
import { wrapText } from './wrap-text.js';

describe('wrapText', () => {
  it('breaks at spaces within the width', () => {
    expect(wrapText('nothing listens on 10.0.0.11:443; ask the host', 20)).toEqual([
      'nothing listens on',
      '10.0.0.11:443; ask',
      'the host',
    ]);
  });

  it('splits a word longer than a line and keeps short text whole', () => {
    expect(wrapText('a https://very-long.example/path b', 10)).toEqual([
      'a',
      'https://ve',
      'ry-long.ex',
      'ample/path',
      'b',
    ]);
    expect(wrapText('fits', 10)).toEqual(['fits']);
    expect(wrapText('', 10)).toEqual(['']);
  });

  it('never makes a line longer than the width', () => {
    const text = 'the certificate on 10.0.0.11:443 for shop.example.com is untrusted: its names cover it';
    for (const width of [1, 5, 17, 40]) {
      for (const line of wrapText(text, width)) expect(line.length).toBeLessThanOrEqual(width);
    }
  });
});
