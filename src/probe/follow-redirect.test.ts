import { describe, expect, it } from 'vitest';
import { isRedirectStatus, pinForHop, redirectMethod, resolveRedirectTarget } from './follow-redirect.js';

describe('resolveRedirectTarget', () => {
  const base = new URL('https://shop.example.com/a/b?x=1');
  it.each([
    ['/login', 'https://shop.example.com/login'],
    ['c', 'https://shop.example.com/a/c'],
    ['?y=2', 'https://shop.example.com/a/b?y=2'],
    ['//cdn.example.com/x', 'https://cdn.example.com/x'],
    ['http://shop.example.com/', 'http://shop.example.com/'],
    ['/page#section', 'https://shop.example.com/page'],
  ])('%s -> %s', (location, expected) => {
    expect(resolveRedirectTarget(location, base)?.href).toBe(expected);
  });

  it('refuses non-http schemes and unparsable locations', () => {
    expect(resolveRedirectTarget('mailto:a@example.com', base)).toBeUndefined();
    expect(resolveRedirectTarget('http://[bad', base)).toBeUndefined();
  });
});

describe('isRedirectStatus', () => {
  it('knows the redirects that carry a Location', () => {
    expect([301, 302, 303, 307, 308].every(isRedirectStatus)).toBe(true);
    expect([200, 300, 304, 400].some(isRedirectStatus)).toBe(false);
  });
});

describe('redirectMethod', () => {
  it('turns a 303 into GET except for HEAD, and keeps the method otherwise', () => {
    expect(redirectMethod(303, 'POST')).toBe('GET');
    expect(redirectMethod(303, 'HEAD')).toBe('HEAD');
    expect(redirectMethod(307, 'POST')).toBe('POST');
  });
});

describe('pinForHop', () => {
  const original = new URL('http://shop.example.com/');
  const pin = { host: '10.0.0.11', port: 8080 };
  it('keeps the pin on the same host and port', () => {
    expect(pinForHop(new URL('http://shop.example.com/next'), original, pin)).toEqual(pin);
  });
  it('keeps the pinned host but not its port when the scheme changes', () => {
    expect(pinForHop(new URL('https://shop.example.com/'), original, pin)).toEqual({ host: '10.0.0.11' });
  });
  it('drops the pin on another host', () => {
    expect(pinForHop(new URL('http://login.example.com/'), original, pin)).toBeUndefined();
  });
  it('has nothing to keep without a pin', () => {
    expect(pinForHop(original, original, undefined)).toBeUndefined();
  });
});
