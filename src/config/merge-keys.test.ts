import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';

function parse(text: string) {
  return parseConfig(text, 'frontdoor.yaml', { cwd: '/srv/fd' });
}

describe('parseConfig: YAML merge keys', () => {
  it('merges a shared block into each site, the site own keys winning', () => {
    const config = parse(
      [
        'x-site: &site',
        '  origins: [web1]',
        '  expect: { status: 200, body: ok, max_latency: 800ms }',
        'origins: { web1: 10.0.0.11 }',
        'sites:',
        '  shop:',
        '    <<: *site',
        '    url: https://shop.example.com/health',
        '  blog:',
        '    <<: *site',
        '    url: https://blog.example.com/health',
        '    expect: { status: 204 }',
        '',
      ].join('\n'),
    );
    expect(config.sites.shop).toMatchObject({
      origins: ['web1'],
      expect: { status: [200], body: 'ok', maxLatencyMs: 800 },
    });
    expect(config.sites.blog).toMatchObject({ origins: ['web1'], expect: { status: [204] } });
  });

  it('merges a list of blocks, the earlier one winning', () => {
    const config = parse(
      [
        'x-strict: &strict { status: [200], max_latency: 500ms }',
        'x-loose: &loose { status: [200, 301], body: ok }',
        'sites:',
        '  shop:',
        '    url: https://shop.example.com/health',
        '    expect: { <<: [*strict, *loose] }',
        '',
      ].join('\n'),
    );
    expect(config.sites.shop?.expect).toEqual({ status: [200], body: 'ok', maxLatencyMs: 500 });
  });

  it('reports a bad merged value where the shared block defines it', () => {
    expect(() =>
      parse(
        [
          'x-expect: &expect',
          '  status: 999',
          'sites:',
          '  shop:',
          '    url: https://shop.example.com/health',
          '    expect: { <<: *expect }',
          '',
        ].join('\n'),
      ),
    ).toThrow(/^frontdoor\.yaml:2:11: sites\.shop\.expect\.status: 999 is not an HTTP status code/);
  });

  it('refuses a merge of something that is not a map', () => {
    expect(() => parse('sites:\n  shop:\n    <<: 5\n    url: https://shop.example.com/health\n')).toThrow(
      /^frontdoor\.yaml:\d+:\d+: /,
    );
  });
});
