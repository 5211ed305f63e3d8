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

  it('refuses input that would split or corrupt the head, naming what and why', () => {
    const refused = (what: string) =>
      expect.objectContaining({ code: 'FD_ERR_INVALID_REQUEST', message: what });
    expect(() => buildRequest('GET', '/', { host: 'h', 'x-a': 'a\r\nx-injected: 1' })).toThrow(
      refused(
        'cannot send the request: header x-a: U+000D (character 2) is a control character, which a header value must not hold (line breaks would start a new header)',
      ),
    );
    expect(() => buildRequest('GET', '/', { 'bad name': 'x' })).toThrow(
      refused('cannot send the request: "bad name" is not a header name'),
    );
    expect(() => buildRequest('GE T', '/', {})).toThrow(
      refused('cannot send the request: "GE T" is not an HTTP method'),
    );
    expect(() => buildRequest('GET', '/a b', {})).toThrow(
      refused('cannot send the request: "/a b" is not a request path'),
    );
  });

  it('refuses characters that latin1 would cut to CR and LF (U+010D U+010A), rather than smuggle a header', () => {
    expect(() => buildRequest('GET', '/', { host: 'h', 'x-a': 'a\u010d\u010ax-injected: 1' })).toThrow(
      expect.objectContaining({ code: 'FD_ERR_INVALID_REQUEST', message: expect.stringContaining('U+010D') }),
    );
    expect(buildRequest('GET', '/', { host: 'h', 'x-a': 'caf\u00e9' })).toBe(
      'GET / HTTP/1.1\r\nhost: h\r\nx-a: caf\u00e9\r\n\r\n',
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
