import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, DEFAULT_RETRY } from './alerts-config.js';
import { DESIGN_EXAMPLE } from './design-example.test-helper.js';
import { parseConfig } from './parse-config.js';

describe('parseConfig: the DESIGN.md example', () => {
  it('parses into the full configuration', () => {
    const { modules, api, ...v1 } = parseConfig(DESIGN_EXAMPLE, 'frontdoor.yaml', { cwd: '/srv/fd' });
    // Sections the v1 shape lacks still come out filled: blackbox's default module, and no tokens.
    expect(Object.keys(modules ?? {})).toEqual(['http_2xx']);
    expect(api).toEqual({ tokens: [] });
    expect(v1).toEqual({
      source: '/srv/fd/frontdoor.yaml',
      environments: {
        production: { name: 'production', alerts: 'page' },
        acceptance: { name: 'acceptance', alerts: 'quiet' },
      },
      origins: {
        web1: { name: 'web1', host: '10.0.0.11' },
        web2: { name: 'web2', host: '2001:db8::12', port: 8443 },
      },
      resolve: { 'shop.internal': '10.0.0.11' },
      sites: {
        shop: {
          name: 'shop',
          environment: 'production',
          url: 'https://shop.example.com/health',
          aliases: ['shop.internal'],
          origins: ['web1', 'web2'],
          expect: { status: [200], body: 'ok', versionHeader: 'x-app-version', maxLatencyMs: 800 },
        },
      },
      host: { listeners: { '443': 'nginx', 'unix:/run/php/php8.3-fpm.sock': 'php-fpm' } },
      ca: [],
      alerts: { channels: {}, policies: DEFAULT_POLICIES, retry: DEFAULT_RETRY },
      maintenance: [],
    });
  });
});

describe('parseConfig: additions to the v1 shape', () => {
  it('keys resolve entries as URL hosts are matched: lower-case, punycode, no trailing dot', () => {
    const config = parseConfig('resolve:\n  Shop.Example.: 10.0.0.1\n  bücher.example: "[::1]"\n', 'f.yaml', {
      cwd: '/srv/fd',
    });
    expect(config.resolve).toEqual({ 'shop.example': '10.0.0.1', 'xn--bcher-kva.example': '::1' });
  });

  it('reads method, request headers, expected headers, status lists, version and resolved paths', () => {
    const config = parseConfig(
      `ca: [certs/private-ca.pem, /etc/ssl/extra.pem]
sites:
  api:
    url: http://api.example.com:8080/ready?deep=1#ignored
    method: head
    headers: { Authorization: Bearer x, X-Build: 42 }
    expect:
      status: [200, 204]
      headers: { Content-Type: application/json }
      version: "1.10"
      version_header: X-Release
      max_latency: 2.5s
host:
  listeners: { "443": nginx }
  nginx_config: nginx/nginx.conf
  state_dir: /var/lib/frontdoor
  origin: web1
`,
      'conf/frontdoor.yaml',
      { cwd: '/srv/fd' },
    );
    expect(config.ca).toEqual(['/srv/fd/conf/certs/private-ca.pem', '/etc/ssl/extra.pem']);
    expect(config.host).toEqual({
      listeners: { '443': 'nginx' },
      nginxConfig: '/srv/fd/conf/nginx/nginx.conf',
      stateDir: '/var/lib/frontdoor',
      origin: 'web1',
    });
    expect(config.sites.api).toEqual({
      name: 'api',
      url: 'http://api.example.com:8080/ready?deep=1',
      aliases: [],
      origins: [],
      method: 'HEAD',
      headers: { Authorization: 'Bearer x', 'X-Build': '42' },
      expect: {
        status: [200, 204],
        headers: { 'content-type': 'application/json' },
        version: '1.10',
        versionHeader: 'x-release',
        maxLatencyMs: 2_500,
      },
    });
  });

  it('accepts a single CA path, a latency in milliseconds and empty sections', () => {
    const config = parseConfig(
      'ca: ca.pem\nresolve:\norigins:\nsites:\n  s:\n    url: https://a.example/\n    expect: { max_latency: 250ms }\n',
      '/etc/frontdoor/frontdoor.yaml',
    );
    expect(config.ca).toEqual(['/etc/frontdoor/ca.pem']);
    expect(config.resolve).toEqual({});
    expect(config.origins).toEqual({});
    expect(config.sites.s?.expect).toEqual({ maxLatencyMs: 250 });
    expect(config.host).toBeUndefined();
  });

  it('accepts environments given without sites referring to them, and sites without environments', () => {
    const config = parseConfig(
      'sites:\n  s:\n    url: https://a.example/\n    environment: staging\n',
      'f.yaml',
    );
    expect(config.sites.s?.environment).toBe('staging');
  });

  it('lower-cases aliases and accepts IP addresses as aliases', () => {
    const config = parseConfig(
      'sites:\n  s:\n    url: https://a.example/\n    aliases: [A.Internal, "::1", 127.0.0.2]\n',
      'f.yaml',
    );
    expect(config.sites.s?.aliases).toEqual(['a.internal', '::1', '127.0.0.2']);
  });

  it('reads a UTF-8 byte-order mark and CRLF line endings', () => {
    const config = parseConfig('\uFEFForigins:\r\n  web1: 10.0.0.1:8443\r\n', 'f.yaml');
    expect(config.origins.web1).toEqual({ name: 'web1', host: '10.0.0.1', port: 8443 });
  });
});
