import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { readListenerKey } from '../config/read-listener-key.js';
import { buildFrontdoorConfig } from './build-frontdoor-config.js';
import { inventoryFromText } from './inventory-from-text.test-helper.js';

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
    expect(buildFrontdoorConfig(inventory)).toEqual({
      origins: {
        'nginx-127-0-0-1': '127.0.0.1',
        'nginx-v6-1': '::1',
        'nginx-127-0-0-5': '127.0.0.5',
        'nginx-127-0-0-6-9443': '127.0.0.6:9443',
        'nginx-127-0-0-7': '127.0.0.7',
      },
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
    const listeners = buildFrontdoorConfig(inventory).host.listeners;
    expect(listeners).toEqual({ '127.0.0.9:8002': 'nginx', '8000': 'nginx', '[::1]:8001': 'nginx' });
    const yaml = `host:\n  listeners:\n${Object.keys(listeners)
      .map((key) => `    ${JSON.stringify(key)}: nginx\n`)
      .join('')}`;
    expect(parseConfig(yaml, 'draft.yaml').host?.listeners).toEqual(listeners);
    for (const key of Object.keys(listeners)) expect(readListenerKey(key).ok).toBe(true);
  });
});
