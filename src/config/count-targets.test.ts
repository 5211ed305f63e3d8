import { describe, expect, it } from 'vitest';
import { countTargets } from './count-targets.js';
import { expandTargets } from './expand-targets.js';
import { parseConfig } from './parse-config.js';

describe('countTargets', () => {
  it('counts exactly what expandTargets makes, duplicate hostnames and IPv6 aliases included', () => {
    const config = parseConfig(
      [
        'origins: { web1: 10.0.0.11, web2: 10.0.0.12 }',
        'sites:',
        '  shop:',
        '    url: https://Shop.Example.com/health',
        '    aliases: [shop.example.com, SHOP.internal, "::1"]',
        '    origins: [web1, web2]',
        '  blog:',
        '    url: http://blog.example.com/',
        '',
      ].join('\n'),
      'frontdoor.yaml',
      { cwd: '/' },
    );
    expect(countTargets(config)).toBe(expandTargets(config).length);
    expect(countTargets(config)).toBe(3 * 3 + 1);
  });
});
