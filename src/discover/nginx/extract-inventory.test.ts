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

  describe('paths', () => {
    const extract = (text: string, prefix?: string) =>
      extractInventory(
        {
          mainFile: '/etc/nginx/nginx.conf',
          files: [],
          directives: parseNginx(text, '/etc/nginx/nginx.conf'),
        },
        prefix === undefined ? {} : { prefix: { path: prefix, from: 'nginx -V' } },
      );

    it("resolves a relative root against nginx's prefix and lets blocks inherit http's root", () => {
      const inventory = extract(
        `http { root html;
          server { listen 80; server_name a.test; }
          server { listen 81; server_name b.test; root /srv/b; }
          server { listen 82; server_name c.test; root public; }
        }`,
        '/usr/share/nginx',
      );
      expect(inventory.servers.map((server) => server.root)).toEqual([
        '/usr/share/nginx/html',
        '/srv/b',
        '/usr/share/nginx/public',
      ]);
      expect(inventory.prefix).toEqual({ path: '/usr/share/nginx', from: 'nginx -V' });
    });

    it('leaves a relative root as written when the prefix is unknown', () => {
      expect(extract('http { server { listen 80; root html; } }').servers[0]?.root).toBe('html');
    });

    it("resolves a relative certificate against the configuration's folder, as nginx 1.22 loads it", () => {
      const inventory = extract(
        'http { server { listen 443 ssl; ssl_certificate certs/a.pem; } }',
        '/usr/share/nginx',
      );
      expect(inventory.servers[0]?.certificates.map((c) => c.path)).toEqual(['/etc/nginx/certs/a.pem']);
    });
  });

  describe('catch-alls and health paths', () => {
    const servers = (text: string) =>
      extractInventory({ mainFile: '/n.conf', files: [], directives: parseNginx(text, '/n.conf') }).servers;

    it('marks blocks that refuse every request or handshake', () => {
      expect(
        servers(`http { ssl_reject_handshake off;
          server { listen 80 default_server; server_name _; return 444; }
          server { listen 443 ssl default_server; ssl_reject_handshake on; }
          server { listen 443 ssl; server_name a.test; location / { return 444; } }
        }`).map((server) => server.refuses),
      ).toEqual(['return 444', 'ssl_reject_handshake', undefined]);
    });

    it('finds health locations, exact ones first, nested ones too', () => {
      expect(
        servers(`http { server {
          location / { location /status { stub_status; } }
          location ~ ^/health$ { return 200; }
          location = /healthz { return 200; }
          location @up { }
          location /api/ping/ { }
        } }`)[0]?.healthPaths,
      ).toEqual(['/healthz', '/status', '/api/ping/']);
    });

    it('reports a server_name that opens a block, as nginx does', () => {
      expect(() => servers('http { server { server_name a.test\n location / { } } }')).toThrow(
        '/n.conf:1:17: directive "server_name" is not terminated by ";"',
      );
    });
  });
});
