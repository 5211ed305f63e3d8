import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { readListenerKey } from '../config/read-listener-key.js';
import { buildFrontdoorConfig } from './build-frontdoor-config.js';
import { inventoryFromText } from './inventory-from-text.test-helper.js';
import { renderDraftConfig } from './render-draft-config.js';

describe('buildFrontdoorConfig', () => {
  it('drafts sites, origins and host listeners from the server blocks', () => {
    const inventory = inventoryFromText(`http {
      upstream legacy { server unix:/run/legacy.sock; }
      server { listen 80 default_server; listen [::]:80 default_server; server_name _; return 444; }
      server { listen 80; listen [::]:80; server_name shop.example.com www.shop.example.com; return 301 https://$host; }
      server {
        listen 443 ssl http2; listen [::]:443 ssl http2;
        server_name shop.example.com www.shop.example.com *.shop.example.com;
        location ~ \\.php$ { fastcgi_pass unix:/run/php/php8.2-fpm.sock; }
        location /legacy { proxy_pass http://legacy; }
        location /py { uwsgi_pass unix:/run/uwsgi/app.sock; }
      }
      server { listen 127.0.0.5:8443 ssl; listen 127.0.0.6:9443 ssl; server_name .blog.example.com; }
      server { listen 127.0.0.7:8080; server_name status.internal; }
      server { listen unix:/run/nginx/local.sock; server_name local.internal; }
    }`);
    expect(buildFrontdoorConfig(inventory).document).toEqual({
      origins: {
        'nginx-127-0-0-1': '127.0.0.1',
        'nginx-v6-1': '::1',
        'nginx-127-0-0-5': '127.0.0.5',
        'nginx-127-0-0-6-9443': '127.0.0.6:9443',
        'nginx-127-0-0-7': '127.0.0.7',
      },
      resolve: { 'status.internal': '127.0.0.7' },
      sites: {
        'shop.example.com': {
          url: 'https://shop.example.com/',
          aliases: ['www.shop.example.com'],
          origins: ['nginx-127-0-0-1', 'nginx-v6-1'],
        },
        'blog.example.com': {
          url: 'https://blog.example.com:8443/',
          origins: ['nginx-127-0-0-5', 'nginx-127-0-0-6-9443'],
        },
        'status.internal': { url: 'http://status.internal:8080/', origins: ['nginx-127-0-0-7'] },
      },
      host: {
        listeners: {
          '127.0.0.5:8443': 'nginx',
          '127.0.0.6:9443': 'nginx',
          '127.0.0.7:8080': 'nginx',
          '443': 'nginx',
          '80': 'nginx',
          'unix:/run/nginx/local.sock': 'nginx',
          'unix:/run/php/php8.2-fpm.sock': 'php-fpm',
          'unix:/run/uwsgi/app.sock': 'uwsgi',
        },
        nginx_config: '/etc/nginx/nginx.conf',
      },
    });
  });

  it('drafts only listener keys that config validation and frontdoor host accept', () => {
    const inventory = inventoryFromText(`http {
      server { listen localhost:8000; server_name local.example; }
      server { listen [::1]:8001; listen 127.0.0.9:8002; server_name v6.example; }
      server { listen unix:relative.sock; server_name rel.example; location / { fastcgi_pass unix:php.sock; } }
    }`);
    const listeners = buildFrontdoorConfig(inventory).document.host.listeners;
    expect(listeners).toEqual({ '127.0.0.9:8002': 'nginx', '8000': 'nginx', '[::1]:8001': 'nginx' });
    const yaml = `host:\n  listeners:\n${Object.keys(listeners)
      .map((key) => `    ${JSON.stringify(key)}: nginx\n`)
      .join('')}`;
    expect(parseConfig(yaml, 'draft.yaml').host?.listeners).toEqual(listeners);
    for (const key of Object.keys(listeners)) expect(readListenerKey(key).ok).toBe(true);
  });

  it('leaves out catch-alls and placeholder blocks, saying why', () => {
    const draft = buildFrontdoorConfig(
      inventoryFromText(`http {
      server { listen 80 default_server; server_name _; return 444; }
      server { listen 443 ssl default_server; server_name catch.example.com; ssl_reject_handshake on; }
      server { listen 8080; server_name closed.example.com; return 444; }
      server { listen 8081; server_name ""; }
      server { listen 443 ssl; server_name shop.example.com; }
    }`),
    );
    expect(Object.keys(draft.document.sites)).toEqual(['shop.example.com']);
    expect(draft.skipped).toEqual([
      '/etc/nginx/nginx.conf:3: a catch-all (ssl_reject_handshake on)',
      '/etc/nginx/nginx.conf:2: a catch-all (return 444)',
      '/etc/nginx/nginx.conf:4: a catch-all (return 444)',
      '/etc/nginx/nginx.conf:5: no exact server name to probe (placeholders, wildcards or regexes only)',
    ]);
  });

  it('probes over TLS where another block made the socket TLS, on the health location, with a comment', () => {
    const draft = buildFrontdoorConfig(
      inventoryFromText(`http {
      server { listen 127.0.0.3:8443 ssl; server_name a.example.com; }
      server { listen 127.0.0.3:8443; server_name b.example.com; location = /health { return 200; } }
    }`),
    );
    expect(draft.document.sites['b.example.com']?.url).toBe('https://b.example.com:8443/health');
    expect(draft.comments).toContainEqual({
      path: ['sites', 'b.example.com', 'url'],
      inline: true,
      text: 'the health location of /etc/nginx/nginx.conf:3',
    });
    expect(draft.comments).toContainEqual({
      path: ['sites', 'a.example.com', 'url'],
      inline: true,
      text: 'guess: /etc/nginx/nginx.conf:2 has no health location; set the path to probe',
    });
  });

  it('skips names that swallowed the next directive, UDP and proxy_protocol listens', () => {
    const draft = buildFrontdoorConfig(
      inventoryFromText(`http {
      server { listen 127.0.0.4:80; server_name real.example.com
        listen 81; }
      server { listen 443 quic; listen 127.0.0.4:8443 ssl; server_name quic.example.com; }
      server { listen 127.0.0.4:9000 proxy_protocol; server_name behind-lb.example.com; }
    }`),
    );
    expect(draft.document.sites).toEqual({
      'quic.example.com': { url: 'https://quic.example.com:8443/', origins: ['nginx-127-0-0-4'] },
      'real.example.com': { url: 'http://real.example.com/', origins: ['nginx-127-0-0-4'] },
    });
    expect(draft.document.host.listeners).toEqual({
      '127.0.0.4:80': 'nginx',
      '127.0.0.4:8443': 'nginx',
      '127.0.0.4:9000': 'nginx',
    });
    expect(draft.skipped).toEqual([
      '/etc/nginx/nginx.conf:5: no TCP listen a probe can reach (unix, UDP or proxy_protocol)',
    ]);
  });

  it('trusts self-signed certificates and files carrying their root, and names an unknown issuer', () => {
    const valid = { notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2035-01-01T00:00:00.000Z' };
    const draft = buildFrontdoorConfig(
      inventoryFromText(
        `http {
        server { listen 443 ssl; server_name self.example.com; ssl_certificate /c/self.pem; }
        server { listen 443 ssl; server_name chain.example.com; ssl_certificate /c/chain.pem; }
        server { listen 443 ssl; server_name private.example.com; ssl_certificate /c/private.pem; }
        server { listen 443 ssl; server_name public.example.com; ssl_certificate /c/public.pem; }
      }`,
        {
          '/c/self.pem': { names: ['self.example.com'], trust: 'self-signed', ...valid },
          '/c/chain.pem': { names: ['chain.example.com'], trust: 'root-in-file', ...valid },
          '/c/private.pem': {
            names: ['private.example.com'],
            trust: 'unknown-issuer',
            issuer: 'CN=Corp CA',
            ...valid,
          },
          '/c/public.pem': { names: ['public.example.com'], trust: 'public', ...valid },
        },
      ),
    );
    expect(draft.document.ca).toEqual(['/c/self.pem', '/c/chain.pem']);
    expect(draft.comments).toContainEqual({
      path: ['ca'],
      text: 'guess: trusted so their sites can pass; /c/self.pem is self-signed; /c/chain.pem carries its own root CA',
    });
    expect(draft.comments).toContainEqual({
      path: ['sites', 'private.example.com'],
      text: '/c/private.pem is issued by "CN=Corp CA", which this machine does not trust: add that CA\'s file under ca:',
    });
  });
});

describe('renderDraftConfig', () => {
  it('writes every guess as a YAML comment and stays loadable', () => {
    const yaml = renderDraftConfig(
      inventoryFromText(`http {
      server { listen 80 default_server; return 444; }
      server { listen 127.0.0.8:80; server_name app.internal; location = /up { return 200; } }
    }`),
    );
    expect(yaml).toContain('# left out /etc/nginx/nginx.conf:2: a catch-all (return 444)');
    expect(yaml).toContain('url: http://app.internal/up # the health location of /etc/nginx/nginx.conf:3');
    expect(yaml).toContain(
      '# guess: these names are not public DNS names, so probes through the edge are sent to this box\nresolve:\n  app.internal: 127.0.0.8',
    );
    const config = parseConfig(yaml, 'draft.yaml');
    expect(config.sites['app.internal']?.url).toBe('http://app.internal/up');
  });
});
