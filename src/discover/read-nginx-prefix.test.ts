import { describe, expect, it } from 'vitest';
import { parseNginxPrefix } from './read-nginx-prefix.js';

describe('parseNginxPrefix', () => {
  it("reads Debian's --prefix from nginx -V", () => {
    const output = [
      'nginx version: nginx/1.22.1',
      'built with OpenSSL 3.0.22 25 Aug 2026',
      "configure arguments: --with-cc-opt='-g -O2' --prefix=/usr/share/nginx --conf-path=/etc/nginx/nginx.conf",
    ].join('\n');
    expect(parseNginxPrefix(output)).toBe('/usr/share/nginx');
  });

  it("falls back to nginx's compiled-in default without --prefix, and strips a trailing slash", () => {
    expect(parseNginxPrefix('nginx version: nginx/1.25.0\nconfigure arguments: --with-http_ssl_module')).toBe(
      '/usr/local/nginx',
    );
    expect(parseNginxPrefix('nginx version: nginx/1.25.0')).toBe('/usr/local/nginx');
    expect(parseNginxPrefix("configure arguments: --prefix='/opt/nginx/'")).toBe('/opt/nginx');
  });

  it('says nothing for output that is not nginx -V', () => {
    expect(parseNginxPrefix('command not found')).toBeUndefined();
  });
});
