import { describe, expect, it } from 'vitest';
import { toHostKey, toUrlHostKey } from './host-key.js';

describe('toHostKey', () => {
  it.each([
    ['shop.example', 'shop.example'],
    ['Shop.Example.COM', 'shop.example.com'],
    ['shop.example.', 'shop.example'],
    ['  shop.example ', 'shop.example'],
    ['Bücher.Example.', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['10.0.0.1', '10.0.0.1'],
  ])('%j -> %j', (name, key) => {
    expect(toHostKey(name)).toBe(key);
  });

  it.each(['', '.', 'bad host', 'a..'])('%j is no domain name', (name) => {
    expect(toHostKey(name)).toBeUndefined();
  });

  it('meets the URL parser: a URL host and the same name typed by hand get one key', () => {
    for (const typed of ['Bücher.example.', 'shop.EXAMPLE.']) {
      const url = new URL(`https://${typed}/`);
      expect(toUrlHostKey(url.hostname)).toBe(toHostKey(typed));
    }
  });
});
