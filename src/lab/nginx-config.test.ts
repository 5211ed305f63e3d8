import { describe, expect, it } from 'vitest';
import { layoutNginxPrefix, parseListenEndpoints, renderNginxConfig } from './nginx-config.js';

describe('parseListenEndpoints', () => {
  it.each([
    ['listen 127.3.4.5:8443 ssl;', { kind: 'tcp', host: '127.3.4.5', port: 8443 }],
    ['listen 8080;', { kind: 'tcp', host: '127.0.0.1', port: 8080 }],
    ['listen *:81 default_server;', { kind: 'tcp', host: '127.0.0.1', port: 81 }],
    ['listen [::1]:9443 ssl http2;', { kind: 'tcp', host: '::1', port: 9443 }],
    ['listen [::]:9000;', { kind: 'tcp', host: '::1', port: 9000 }],
    ['listen 127.3.4.5;', { kind: 'tcp', host: '127.3.4.5', port: 80 }],
    ['listen unix:/tmp/x/nginx.sock;', { kind: 'unix', path: '/tmp/x/nginx.sock' }],
  ])('%s', (line, expected) => {
    expect(parseListenEndpoints(`server { ${line} }`)).toEqual([expected]);
  });

  it('collects every server, dedupes repeats and skips comments and look-alike directives', () => {
    const block = `
      server { listen 127.1.1.1:80; server_name a; }
      server { listen 127.1.1.1:80; server_name b; }
      # listen 127.9.9.9:1;
      server { listen 127.1.1.2:443 ssl; proxy_pass http://x; fastcgi_param listen 1; }`;
    expect(parseListenEndpoints(block)).toEqual([
      { kind: 'tcp', host: '127.1.1.1', port: 80 },
      { kind: 'tcp', host: '127.1.1.2', port: 443 },
    ]);
  });
});

describe('renderNginxConfig', () => {
  const layout = layoutNginxPrefix('/tmp/p');

  it('keeps pid, logs and every temp path inside the prefix', () => {
    const text = renderNginxConfig(layout, 'server { listen 127.1.1.1:80; }', undefined);
    expect(text).toContain('pid /tmp/p/nginx.pid;');
    expect(text).toContain('error_log /tmp/p/logs/error.log notice;');
    expect(text).toContain('access_log /tmp/p/logs/access.log;');
    for (const name of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      expect(text).toContain(`${name}_temp_path /tmp/p/temp/${name};`);
    }
    expect(text).toContain('worker_processes 1;');
    expect(text).not.toContain('user ');
    expect(text).toMatch(/http \{[\s\S]*server \{ listen 127\.1\.1\.1:80; \}\n\}/);
  });

  it('names the worker user only when one is given (root masters)', () => {
    expect(renderNginxConfig(layout, '', 'nobody nogroup').split('\n')[0]).toBe('user nobody nogroup;');
  });
});
