import { describe, expect, it } from 'vitest';
import { buildTarget } from '../diagnose/fixtures/build-target.js';
import { disambiguateTargets, siteTargetId, urlTargetId } from './target-identity.js';

describe('target identity', () => {
  it('keys a site target by site, host, path with query, and path taken', () => {
    expect(siteTargetId('shop', new URL('https://shop.test:8443/health?deep=1'), 'web1')).toBe(
      'shop:shop.test:8443/health?deep=1@web1',
    );
    expect(urlTargetId(new URL('http://a.test/x'), '127.0.0.1:80')).toBe('http://a.test/x@127.0.0.1:80');
  });

  it('leaves unique names alone and numbers a repeated id after its first', () => {
    const targets = [
      buildTarget({ hostname: 'a.test' }),
      buildTarget({ hostname: 'b.test' }),
      buildTarget({ hostname: 'a.test' }),
    ];
    disambiguateTargets(targets);
    expect(targets.map((target) => target.id)).toEqual([
      'shop:a.test/health@edge',
      'shop:b.test/health@edge',
      'shop:a.test/health@edge#2',
    ]);
    expect(targets.map((target) => target.name)).toEqual([
      'a.test via edge',
      'b.test via edge',
      'a.test via edge #2',
    ]);
  });

  it('adds the path to names that only the path tells apart', () => {
    const targets = [
      buildTarget({ hostname: 'a.test', path: '/one', site: 'one' }),
      buildTarget({ hostname: 'a.test', path: '/two', site: 'two' }),
    ];
    disambiguateTargets(targets);
    expect(targets.map((target) => target.name)).toEqual(['a.test/one via edge', 'a.test/two via edge']);
  });
});
