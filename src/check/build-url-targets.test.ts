import { describe, expect, it } from 'vitest';
import { buildUrlTargets } from './build-url-targets.js';

const expectations = { versionHeader: 'x-app-version', status: [200] };

describe('buildUrlTargets', () => {
  it('labels an unpinned URL by what it is, a name DNS resolves, not an edge', () => {
    expect(buildUrlTargets([new URL('https://Shop.Example.com/health')], { expect: expectations })).toEqual([
      {
        id: 'https://shop.example.com/health@dns',
        name: 'https://shop.example.com/health',
        url: 'https://shop.example.com/health',
        hostname: 'shop.example.com',
        via: 'dns',
        method: 'GET',
        headers: {},
        expect: expectations,
      },
    ]);
  });

  it('names a pinned URL after its address, which is also its origin, and keeps URL order', () => {
    const targets = buildUrlTargets([new URL('https://a.test/'), new URL('http://b.test:8080/x')], {
      connectTo: { host: '::1' },
      resolve: { 'a.test': '127.0.0.1' },
      expect: expectations,
    });
    expect(targets.map((target) => [target.name, target.via, target.origin])).toEqual([
      ['https://a.test/ via [::1]:443', '[::1]:443', '[::1]:443'],
      ['http://b.test:8080/x via [::1]:8080', '[::1]:8080', '[::1]:8080'],
    ]);
    expect(targets[0]?.connectTo).toEqual({ host: '::1' });
    expect(targets[1]?.resolve).toEqual({ 'a.test': '127.0.0.1' });
  });

  it('strips the brackets of an IPv6 URL host for the hostname', () => {
    const [target] = buildUrlTargets([new URL('https://[::1]:8443/')], { expect: expectations });
    expect(target?.hostname).toBe('::1');
  });
});
