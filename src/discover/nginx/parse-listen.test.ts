import { describe, expect, it } from 'vitest';
import { parseListen } from './parse-listen.js';
import { parseNginx } from './parse-nginx.js';

function listen(text: string) {
  const [directive] = parseNginx(`listen ${text};`, 'site.conf');
  if (directive === undefined) throw new Error('no directive');
  return parseListen(directive);
}

describe('parseListen', () => {
  it.each([
    ['443 ssl', { socket: '*:443', address: '*', port: 443, ssl: true, http2: false, defaultServer: false }],
    ['80', { socket: '*:80', address: '*', port: 80, ssl: false }],
    ['127.0.0.1', { socket: '127.0.0.1:80', address: '127.0.0.1', port: 80 }],
    ['127.0.0.1:8443 ssl http2', { socket: '127.0.0.1:8443', port: 8443, ssl: true, http2: true }],
    [
      '[::]:443 ssl http2 default_server ipv6only=on',
      {
        socket: '[::]:443',
        address: '::',
        port: 443,
        ssl: true,
        http2: true,
        defaultServer: true,
        ipv6only: true,
      },
    ],
    ['[::1]', { socket: '[::1]:80', address: '::1', port: 80 }],
    ['*:8080 default backlog=511 reuseport', { socket: '*:8080', port: 8080, defaultServer: true }],
    ['localhost:8000', { socket: 'localhost:8000', address: 'localhost', port: 8000 }],
    [
      'unix:/run/nginx/web.sock',
      { kind: 'unix', socket: 'unix:/run/nginx/web.sock', path: '/run/nginx/web.sock' },
    ],
    ['443 quic reuseport', { socket: '*:443', ssl: false }],
  ])('listen %s', (text, expected) => {
    expect(listen(text)).toMatchObject({ implicit: false, line: 1, file: 'site.conf', ...expected });
  });

  it('takes an unknown parameter for a missing ";"', () => {
    expect(() => listen('80\n  server_name example.com')).toThrow(
      'site.conf:1:1: invalid parameter "server_name" in "listen 80" (a missing ";" before it?)',
    );
  });

  it.each([
    ['99999', 'invalid address "99999" in "listen"'],
    ['[::1]:http', 'invalid address "[::1]:http" in "listen"'],
    ['80 ipv6only=maybe', 'invalid value "ipv6only=maybe" in "listen": use on or off'],
    ['unix:', '"listen unix:" needs a socket path'],
  ])('refuses listen %s', (text, message) => {
    expect(() => listen(text)).toThrow(`site.conf:1:1: ${message}`);
  });
});
