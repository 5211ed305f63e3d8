import { describe, expect, it } from 'vitest';
import { extractInventory } from './extract-inventory.js';
import { parseNginx } from './parse-nginx.js';

const CONFIG = `
events {}
http {
  ssl_certificate certs/default.pem;
  upstream shop_app {
    server 10.0.0.21:8080 weight=2;
    server unix:/run/shop/app.sock backup;
  }
  server {
    listen 443 ssl http2;
    listen [::]:443 ssl http2;
    server_name shop.example.com www.shop.example.com;
    root /srv/shop/public;
    location / { proxy_pass http://shop_app; }
    location ~ \\.php$ {
      if ($request_method = POST) { fastcgi_pass unix:/run/php/php8.2-fpm.sock; }
    }
    location @dynamic { proxy_pass http://$upstream_host; }
  }
  server {
    server_name ~^(?<tenant>[a-z]+)\\.example\\.net$ *.example.org;
    ssl on;
    ssl_certificate /etc/ssl/tenant.pem;
    location /grpc { grpc_pass grpcs://10.0.0.30:50051; }
    location /py { uwsgi_pass 127.0.0.1:3031; }
  }
}
stream {
  upstream db { server 10.0.0.40:5432; }
  server { listen 127.0.0.1:15432; proxy_pass db; }
}`;

describe('extractInventory', () => {
  const inventory = extractInventory({
    mainFile: '/etc/nginx/nginx.conf',
    files: ['/etc/nginx/nginx.conf'],
    directives: parseNginx(CONFIG, '/etc/nginx/nginx.conf'),
  });
  const [shop, tenant, database] = inventory.servers;

  it('finds every server block of http and stream', () => {
    expect(inventory.servers.map((server) => [server.context, server.line])).toEqual([
      ['http', 9],
      ['http', 20],
      ['stream', 30],
    ]);
    expect(inventory.upstreams.map((upstream) => upstream.name)).toEqual(['shop_app', 'db']);
  });

  it('reads listens, names and root', () => {
    expect(shop?.listens.map((listen) => `${listen.socket} ssl=${listen.ssl} http2=${listen.http2}`)).toEqual(
      ['*:443 ssl=true http2=true', '[::]:443 ssl=true http2=true'],
    );
    expect(shop?.serverNames).toEqual([
      { name: 'shop.example.com', kind: 'exact' },
      { name: 'www.shop.example.com', kind: 'exact' },
    ]);
    expect(shop?.root).toBe('/srv/shop/public');
  });

  it('resolves named upstreams, nested locations and if blocks, and marks variable targets dynamic', () => {
    expect(
      shop?.upstreams.map((target) => ({
        directive: target.directive,
        location: target.location,
        upstream: target.upstream,
        endpoints: target.endpoints.map((endpoint) => endpoint.endpoint),
        dynamic: target.dynamic,
      })),
    ).toEqual([
      {
        directive: 'proxy_pass',
        location: '/',
        upstream: 'shop_app',
        endpoints: ['10.0.0.21:8080', 'unix:/run/shop/app.sock'],
        dynamic: false,
      },
      {
        directive: 'fastcgi_pass',
        location: '~ \\.php$',
        upstream: undefined,
        endpoints: ['unix:/run/php/php8.2-fpm.sock'],
        dynamic: false,
      },
      { directive: 'proxy_pass', location: '@dynamic', upstream: undefined, endpoints: [], dynamic: true },
    ]);
  });

  it('inherits the http-level certificate (relative to the prefix) unless the server names its own', () => {
    expect(shop?.certificates.map((certificate) => certificate.path)).toEqual([
      '/etc/nginx/certs/default.pem',
    ]);
    expect(tenant?.certificates.map((certificate) => certificate.path)).toEqual(['/etc/ssl/tenant.pem']);
  });

  it('gives a server without listen the implicit *:80, turned TLS by the legacy "ssl on"', () => {
    expect(tenant?.listens).toMatchObject([{ socket: '*:80', implicit: true, ssl: true }]);
    expect(tenant?.serverNames.map((name) => name.kind)).toEqual(['regex', 'wildcard']);
    expect(tenant?.upstreams.map((target) => target.endpoints[0]?.endpoint)).toEqual([
      '10.0.0.30:50051',
      '127.0.0.1:3031',
    ]);
  });

  it('reads stream servers and their upstreams', () => {
    expect(database?.listens.map((listen) => listen.socket)).toEqual(['127.0.0.1:15432']);
    expect(database?.upstreams[0]).toMatchObject({
      upstream: 'db',
      endpoints: [{ endpoint: '10.0.0.40:5432' }],
    });
  });

  it('names a single-argument directive that swallowed the next line', () => {
    const directives = parseNginx('http { server {\n root /srv/www\n index index.html; } }', '/x/site.conf');
    expect(() => extractInventory({ mainFile: '/x/nginx.conf', files: [], directives })).toThrow(
      '/x/site.conf:2:2: "root" takes one argument (got "index" too: a missing ";"?)',
    );
  });
});
