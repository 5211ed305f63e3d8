import { describe, expect, it } from 'vitest';
import { buildRequest } from './build-request.js';

describe('buildRequest', () => {
  it('writes the request line and headers in order, ending with the empty line', () => {
    expect(
      buildRequest('GET', '/a?b=1', { 'user-agent': 'ua', host: 'example.test:8443', connection: 'close' }),
    ).toBe('GET /a?b=1 HTTP/1.1\r\nuser-agent: ua\r\nhost: example.test:8443\r\nconnection: close\r\n\r\n');
  });

  it('declares an empty body for methods that usually carry one, unless the caller framed it', () => {
    expect(buildRequest('POST', '/', { host: 'h' })).toBe(
      'POST / HTTP/1.1\r\nhost: h\r\ncontent-length: 0\r\n\r\n',
    );
    expect(buildRequest('PUT', '/', { host: 'h', 'content-length': '0' })).toBe(
      'PUT / HTTP/1.1\r\nhost: h\r\ncontent-length: 0\r\n\r\n',
    );
    expect(buildRequest('HEAD', '/', { host: 'h' })).toBe('HEAD / HTTP/1.1\r\nhost: h\r\n\r\n');
  });

  it('refuses input that would split or corrupt the head', () => {
    expect(() => buildRequest('GET', '/', { host: 'h', 'x-a': 'a\r\nx-injected: 1' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_CHAR' }),
    );
    expect(() => buildRequest('GET', '/', { 'bad name': 'x' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_CHAR' }),
    );
    expect(() => buildRequest('GE T', '/', {})).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_CHAR' }),
    );
    expect(() => buildRequest('GET', '/a b', {})).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_CHAR' }),
    );
  });

  it('frames a body by its length, on any method, unless the caller framed it', () => {
    expect(buildRequest('POST', '/', { host: 'h' }, 7)).toBe(
      'POST / HTTP/1.1\r\nhost: h\r\ncontent-length: 7\r\n\r\n',
    );
    expect(buildRequest('GET', '/', { host: 'h' }, 2)).toBe(
      'GET / HTTP/1.1\r\nhost: h\r\ncontent-length: 2\r\n\r\n',
    );
    expect(buildRequest('POST', '/', { host: 'h', 'Content-Length': '7' }, 7)).toBe(
      'POST / HTTP/1.1\r\nhost: h\r\nContent-Length: 7\r\n\r\n',
    );
  });
});
