import { describe, expect, it } from 'vitest';
import { canonicalIpv6, formatIpv6 } from './format-ipv6.js';

describe('formatIpv6', () => {
  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'],
    [[0x2001, 0xdb8, 0, 1, 1, 1, 1, 1], '2001:db8:0:1:1:1:1:1'],
    [[0, 0, 0, 0, 0, 0xffff, 0x7f00, 0x0001], '::ffff:127.0.0.1'],
  ])('%j -> %s', (groups, text) => {
    expect(formatIpv6(groups)).toBe(text);
  });
});

describe('canonicalIpv6', () => {
  it('normalises user input to the form /proc parsing produces', () => {
    expect(canonicalIpv6('[0:0::1]')).toBe('::1');
    expect(canonicalIpv6('::FFFF:127.0.0.1')).toBe('::ffff:127.0.0.1');
    expect(canonicalIpv6('2001:DB8:0:0:0:0:0:12')).toBe('2001:db8::12');
    expect(canonicalIpv6('127.0.0.1')).toBeUndefined();
    expect(canonicalIpv6('::g')).toBeUndefined();
  });
});
