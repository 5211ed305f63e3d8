import { describe, expect, it } from 'vitest';
import { hasGlobMagic, matchGlobPath } from './match-glob.js';

describe('matchGlobPath', () => {
  it.each([
    ['/etc/nginx/sites-enabled/*', '/etc/nginx/sites-enabled/default', true],
    ['/etc/nginx/sites-enabled/*', '/etc/nginx/sites-enabled/sub/default', false],
    ['/etc/nginx/conf.d/*.conf', '/etc/nginx/conf.d/a.conf', true],
    ['/etc/nginx/conf.d/*.conf', '/etc/nginx/conf.d/a.conf.bak', false],
    ['/etc/nginx/conf.d/*.conf', '/etc/nginx/conf.d/.hidden.conf', false],
    ['/etc/nginx/conf.d/.*.conf', '/etc/nginx/conf.d/.hidden.conf', true],
    ['/etc/nginx/site?.conf', '/etc/nginx/site1.conf', true],
    ['/etc/nginx/site[0-9].conf', '/etc/nginx/site7.conf', true],
    ['/etc/nginx/site[!0-9].conf', '/etc/nginx/site7.conf', false],
    ['/etc/*/sites/*.conf', '/etc/nginx/sites/a.conf', true],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(matchGlobPath(pattern, path)).toBe(expected);
  });

  it('detects the characters nginx treats as a glob', () => {
    expect(hasGlobMagic('/etc/nginx/sites-enabled/*')).toBe(true);
    expect(hasGlobMagic('/etc/nginx/site[12].conf')).toBe(true);
    expect(hasGlobMagic('/etc/nginx/mime.types')).toBe(false);
  });
});
