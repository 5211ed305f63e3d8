import { describe, expect, it } from 'vitest';
import { formatHostPort } from './format-host-port.js';
import { stripBrackets } from './strip-brackets.js';

describe('formatHostPort', () => {
  it.each([
    ['10.0.0.11', 443, '10.0.0.11:443'],
    ['shop.example', 8080, 'shop.example:8080'],
    ['*', 80, '*:80'],
    ['::', 443, '[::]:443'],
    ['2001:db8::12', 8443, '[2001:db8::12]:8443'],
    ['::ffff:127.0.0.1', 80, '[::ffff:127.0.0.1]:80'],
  ])('%s and %d -> %s', (host, port, text) => {
    expect(formatHostPort(host, port)).toBe(text);
  });

  it('brackets exactly what stripBrackets removes', () => {
    const formatted = formatHostPort('::1', 443);
    expect(stripBrackets(formatted.slice(0, formatted.lastIndexOf(':')))).toBe('::1');
  });
});
