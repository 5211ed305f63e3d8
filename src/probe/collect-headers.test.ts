import { describe, expect, it } from 'vitest';
import { collectHeaders } from './collect-headers.js';

describe('collectHeaders', () => {
  it('lower-cases names, joins repeats and keeps set-cookie as an array', () => {
    const headers = collectHeaders([
      'Content-Type',
      'text/plain',
      'Location',
      '/a',
      'location',
      '/b',
      'Set-Cookie',
      'a=1',
      'Set-Cookie',
      'b=2',
    ]);
    expect({ ...headers }).toEqual({
      'content-type': 'text/plain',
      location: '/a, /b',
      'set-cookie': ['a=1', 'b=2'],
    });
  });

  it('keeps a header named __proto__ as a header', () => {
    const headers = collectHeaders(['__proto__', 'x']);
    expect(Object.entries(headers)).toEqual([['__proto__', 'x']]);
    expect(Object.getPrototypeOf(headers)).toBeNull();
  });
});
