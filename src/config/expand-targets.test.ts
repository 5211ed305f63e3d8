import { describe, expect, it } from 'vitest';
import type { FrontdoorConfig } from './config-types.js';
import { DESIGN_EXAMPLE } from './design-example.test-helper.js';
import { expandTargets } from './expand-targets.js';
import { parseConfig } from './parse-config.js';
import type { Target } from './target.js';

const parse = (text: string): FrontdoorConfig => parseConfig(text, 'frontdoor.yaml', { cwd: '/srv/fd' });

describe('expandTargets: the DESIGN.md example', () => {
  it('gives each hostname via the edge, then each hostname on each origin', () => {
    const expect_ = { status: [200], body: 'ok', versionHeader: 'x-app-version', maxLatencyMs: 800 };
    const common = {
      site: 'shop',
      environment: 'production',
      alerts: 'page',
      method: 'GET',
      headers: {},
      expect: expect_,
    };
    const shop = 'https://shop.example.com/health';
    const internal = 'https://shop.internal/health';
    const resolve = { 'shop.internal': '10.0.0.11' };
    const expected: Target[] = [
      {
        ...common,
        id: 'shop:shop.example.com/health@edge',
        name: 'shop.example.com via edge',
        url: shop,
        hostname: 'shop.example.com',
        via: 'edge',
        resolve,
      },
      {
        ...common,
        id: 'shop:shop.internal/health@edge',
        name: 'shop.internal via edge',
        url: internal,
        hostname: 'shop.internal',
        via: 'edge',
        resolve,
      },
      {
        ...common,
        id: 'shop:shop.example.com/health@web1',
        name: 'shop.example.com via web1',
        url: shop,
        hostname: 'shop.example.com',
        via: 'web1',
        origin: 'web1',
        connectTo: { host: '10.0.0.11', port: 443 },
      },
      {
        ...common,
        id: 'shop:shop.example.com/health@web2',
        name: 'shop.example.com via web2',
        url: shop,
        hostname: 'shop.example.com',
        via: 'web2',
        origin: 'web2',
        connectTo: { host: '2001:db8::12', port: 8443 },
      },
      {
        ...common,
        id: 'shop:shop.internal/health@web1',
        name: 'shop.internal via web1',
        url: internal,
        hostname: 'shop.internal',
        via: 'web1',
        origin: 'web1',
        connectTo: { host: '10.0.0.11', port: 443 },
      },
      {
        ...common,
        id: 'shop:shop.internal/health@web2',
        name: 'shop.internal via web2',
        url: internal,
        hostname: 'shop.internal',
        via: 'web2',
        origin: 'web2',
        connectTo: { host: '2001:db8::12', port: 8443 },
      },
    ];
    expect(expandTargets(parse(DESIGN_EXAMPLE))).toEqual(expected);
  });

  it('narrows to one site with --site', () => {
    const names = expandTargets(parse(DESIGN_EXAMPLE), { site: 'shop' }).map((t) => t.name);
    expect(names).toHaveLength(6);
  });

  it('refuses an unknown --site, listing the known ones', () => {
    expect(() => expandTargets(parse(DESIGN_EXAMPLE), { site: 'shpo' })).toThrow(
      expect.objectContaining({ code: 'FD_ERR_SITE_UNKNOWN', message: "unknown site 'shpo' (known: shop)" }),
    );
    expect(() => expandTargets(parse('origins: {}\n'), { site: 'shop' })).toThrow(
      expect.objectContaining({
        code: 'FD_ERR_SITE_UNKNOWN',
        message: "unknown site 'shop' (no sites are configured)",
      }),
    );
  });
});

describe('expandTargets: hostnames, ports and expectations', () => {
  const config = parse(`environments:
  acceptance: { alerts: quiet }
origins:
  app1: 192.0.2.10
  app2: 192.0.2.11:8080
sites:
  api:
    environment: acceptance
    url: http://api.example.com:8000/ready?deep=1
    aliases: [API.example.com, api.internal, "::1"]
    origins: [app1, app2]
    method: HEAD
    headers: { Authorization: Bearer t }
    expect:
      headers: { Content-Type: application/json }
      version: "2.4.1"
  blog:
    url: https://blog.example.com/
`);

  it('keeps scheme, port, path and query on alias URLs and drops duplicate hostnames', () => {
    const edge = expandTargets(config, { site: 'api' }).filter((t) => t.via === 'edge');
    expect(edge.map((t) => [t.name, t.url, t.hostname])).toEqual([
      ['api.example.com via edge', 'http://api.example.com:8000/ready?deep=1', 'api.example.com'],
      ['api.internal via edge', 'http://api.internal:8000/ready?deep=1', 'api.internal'],
      ['[::1] via edge', 'http://[::1]:8000/ready?deep=1', '[::1]'],
    ]);
  });

  it("pins to the origin's port, or else the URL's port", () => {
    const pinned = expandTargets(config, { site: 'api' }).filter((t) => t.hostname === 'api.internal');
    expect(pinned.map((t) => [t.name, t.connectTo, t.resolve])).toEqual([
      ['api.internal via edge', undefined, {}],
      ['api.internal via app1', { host: '192.0.2.10', port: 8000 }, undefined],
      ['api.internal via app2', { host: '192.0.2.11', port: 8080 }, undefined],
    ]);
  });

  it('carries method, request headers, expectations and the alert policy', () => {
    const [first] = expandTargets(config, { site: 'api' });
    expect(first).toMatchObject({
      site: 'api',
      environment: 'acceptance',
      alerts: 'quiet',
      method: 'HEAD',
      headers: { Authorization: 'Bearer t' },
      expect: {
        headers: [{ name: 'content-type', value: 'application/json' }],
        version: '2.4.1',
        versionHeader: 'x-app-version',
      },
    });
  });

  it('gives a site without origins or environment only edge targets, with defaults', () => {
    expect(expandTargets(config, { site: 'blog' })).toEqual([
      {
        id: 'blog:blog.example.com/@edge',
        name: 'blog.example.com via edge',
        url: 'https://blog.example.com/',
        hostname: 'blog.example.com',
        via: 'edge',
        site: 'blog',
        method: 'GET',
        headers: {},
        resolve: {},
        expect: { versionHeader: 'x-app-version' },
      },
    ]);
  });

  it('carries allow_insecure_redirect to every target of the site, and to no other', () => {
    const allowing = parse(
      'sites:\n  old:\n    url: https://old.example.com/\n    origins: []\n    allow_insecure_redirect: true\n  new:\n    url: https://new.example.com/\n',
    );
    expect(expandTargets(allowing).map((target) => [target.site, target.allowInsecureRedirect])).toEqual([
      ['old', true],
      ['new', undefined],
    ]);
  });

  it('gives each target its own objects, so one caller cannot change another target', () => {
    const [a, b] = expandTargets(config, { site: 'api' });
    if (a !== undefined) a.headers.extra = 'x';
    expect(b?.headers).toEqual({ Authorization: 'Bearer t' });
  });

  it('turns the catch-all comparison off per site, or for every site from the top of the file', () => {
    const sites = [
      'origins: { web1: 10.0.0.11 }',
      'sites:',
      '  on: { url: "https://on.example/", origins: [web1] }',
      '  off: { url: "https://off.example/", origins: [web1], catch_all: false }',
      '  back: { url: "https://back.example/", origins: [web1], catch_all: true }',
    ];
    const bySite = (text: string) =>
      expandTargets(parse(text)).map((target) => [target.name, target.catchAll ?? 'default']);
    expect(bySite(sites.join('\n'))).toEqual([
      ['on.example via edge', 'default'],
      ['on.example via web1', 'default'],
      ['off.example via edge', false],
      ['off.example via web1', false],
      ['back.example via edge', 'default'],
      ['back.example via web1', 'default'],
    ]);
    expect(bySite(['catch_all: false', ...sites].join('\n'))).toEqual([
      ['on.example via edge', false],
      ['on.example via web1', false],
      ['off.example via edge', false],
      ['off.example via web1', false],
      ['back.example via edge', 'default'],
      ['back.example via web1', 'default'],
    ]);
  });

  it('hands every edge target the same frozen resolve map instead of a copy each', () => {
    const targets = expandTargets(config);
    const maps = new Set(targets.filter((t) => t.via === 'edge').map((t) => t.resolve));
    expect(maps.size).toBe(1);
    expect(Object.isFrozen([...maps][0])).toBe(true);
  });

  it('refuses a configuration built in code that names an undefined origin', () => {
    const built = parse('sites:\n  s:\n    url: https://a.example/\n');
    built.sites.s?.origins.push('ghost');
    expect(() => expandTargets(built)).toThrow(
      expect.objectContaining({
        code: 'FD_ERR_CONFIG_SCHEMA',
        message: "sites.s.origins: unknown origin 'ghost'",
      }),
    );
  });
});

describe('expandTargets: identity', () => {
  it('gives two sites on one hostname with different paths distinct ids and names', () => {
    const targets = expandTargets(
      parse(
        [
          'origins: { web1: 10.0.0.11 }',
          'sites:',
          '  shop: { url: "https://example.com/shop/health", origins: [web1] }',
          '  blog: { url: "https://example.com/blog/health", origins: [web1] }',
        ].join('\n'),
      ),
    );
    expect(targets.map((target) => [target.id, target.name])).toEqual([
      ['shop:example.com/shop/health@edge', 'example.com/shop/health via edge'],
      ['shop:example.com/shop/health@web1', 'example.com/shop/health via web1'],
      ['blog:example.com/blog/health@edge', 'example.com/blog/health via edge'],
      ['blog:example.com/blog/health@web1', 'example.com/blog/health via web1'],
    ]);
  });
});
