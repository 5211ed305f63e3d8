import { describe, expect, it } from 'vitest';
import { effectivePort } from './effective-port.js';

describe('effectivePort', () => {
  it('uses the scheme default when the URL names no port', () => {
    expect(effectivePort(new URL('https://a.example/'))).toBe(443);
    expect(effectivePort(new URL('http://a.example/'))).toBe(80);
    expect(effectivePort(new URL('http://a.example:8080/'))).toBe(8080);
  });

  it('reads an explicit default port the way the URL parser normalises it', () => {
    expect(effectivePort(new URL('https://a.example:443/'))).toBe(443);
    expect(effectivePort(new URL('https://[::1]:8443/'))).toBe(8443);
  });
});
