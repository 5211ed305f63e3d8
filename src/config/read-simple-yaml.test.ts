import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readSimpleYaml } from './read-simple-yaml.js';

/** What the full parser makes of `text`: its value, or 'error' when it refuses the text. */
function parseFully(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: false });
  return doc.errors.length > 0 ? 'error' : doc.toJS();
}

/** The reader's one promise: when it answers, it answers exactly what the full parser does. */
function expectSound(text: string): unknown {
  const simple = readSimpleYaml(text);
  if (simple !== undefined) expect([text, simple]).toEqual([text, parseFully(text)]);
  return simple;
}

describe('readSimpleYaml', () => {
  it('reads a configuration as yaml does: block maps, flow collections, sequences, quotes, comments', () => {
    const text = [
      '# frontdoor',
      'environments:',
      '  production: { alerts: page }   # wakes someone',
      'origins:',
      '  web1: 10.0.0.11',
      '  web2: "[2001:db8::12]:8443"',
      '  web3: 2001:db8::13',
      'resolve:',
      '',
      '  shop.internal: 10.0.0.11',
      'sites:',
      '  shop:',
      '    url: https://shop.example.com/health?x=1#frag',
      '    aliases: [shop.internal, "www.shop.example.com"]',
      '    origins:',
      '    - web1',
      '    - web2',
      "    headers: { X-Build: 42, Authorization: 'Bearer it''s' }",
      '    expect: { status: [200, 204], body: "ok \\"fine\\"", max_latency: 800ms, version: "1.10" }',
      '    catch_all: false',
      'host:',
      '  listeners:',
      '    "443": nginx',
      '    unix:/run/php/php8.3-fpm.sock: php-fpm',
      'ca: [a.pem]',
      '',
    ].join('\n');
    const value = expectSound(text);
    expect(value).toMatchObject({
      origins: { web1: '10.0.0.11', web3: '2001:db8::13' },
      sites: { shop: { origins: ['web1', 'web2'], headers: { 'X-Build': 42 }, catch_all: false } },
      host: { listeners: { '443': 'nginx' } },
    });
  });

  it.each([
    ['an anchor and alias', 'x-a: &a { status: 200 }\nsites: { s: { expect: *a } }\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line flow collection', 'a: [b,\n  c]\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a document marker', '---\na: 1\n'],
    ['a tab', 'a:\tb\n'],
    ['CRLF line ends', 'a: b\r\n'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a configuration's environment reference, verbatim
    ['an environment reference', 'a: ${TOKEN}\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a __proto__ key', '__proto__: 1\n'],
    ['a merge key', 'a: { <<: {b: 1} }\n'],
    ['a null key', '~: 1\n'],
    ['a hex number', 'a: 0x1F\n'],
    ['a top-level sequence', '- a\n'],
    ['an empty document', '# nothing\n'],
    ['a mapping in a sequence', 'a:\n  - b: 1\n'],
    ['nesting beyond 16 levels', Array.from({ length: 20 }, (_, n) => `${' '.repeat(n)}k${n}:`).join('\n')],
  ])('leaves %s to the full parser', (_, text) => {
    expect(readSimpleYaml(text)).toBeUndefined();
  });

  it('agrees with the full parser on 4,000 generated documents, and reads most of the plain ones', () => {
    let seed = 20_261_204;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const keys = [
      'a',
      'b',
      'c',
      'site',
      '443',
      '1.0',
      '007',
      'true',
      '~',
      '"q k"',
      "'q'",
      'x-y',
      'unix:/x',
      '-k',
    ];
    const odd = ['__proto__', '<<', 'a b', 'k:', '? k', '[k]', 'k #c'];
    const scalars = [
      '10.0.0.11',
      'web-1',
      '443',
      '007',
      '+5',
      '-3',
      '-0',
      '1.5',
      '1.',
      '.5',
      '1.50',
      'true',
      'True',
      'tRue',
      'FALSE',
      'null',
      'Null',
      '~',
      'yes',
      'on',
      '0o17',
      '0x1F',
      '1e3',
      '.inf',
      '-.Inf',
      '.nan',
      'https://a.test/x?y=1#f',
      'unix:/run/php.sock',
      '2001:db8::1',
      '[::1]:443',
      'a b',
      'a  b',
      'a:b',
      'a: b',
      'a #b',
      'a#b',
      '-a',
      '- a',
      '-',
      '?a',
      '? a',
      ':a',
      'a,b',
      'a]b',
      "it's",
      '*x',
      '&x',
      '!x',
      '|',
      '>',
      '@x',
      '%x',
      '"q"',
      "'q'",
      '"a\\"b"',
      "'a''b'",
      '"a\\nb"',
      '"a\\x41"',
      '"open',
      "'open",
      '[a, b]',
      '[a,b]',
      '[a, [b, c]]',
      '[]',
      '{}',
      '{ a: b }',
      '{a: b, c: [d, "e"]}',
      '{ a: }',
      '{ a: b, }',
      '[a, b,]',
      '{ "k": v }',
      '{ k:v }',
      '[a: b]',
      'é',
      '100ms',
      '"x" # c',
      'x   ',
    ];
    const render = (indent: number, depth: number): string[] => {
      const lines: string[] = [];
      const count = 1 + Math.floor(random() * 3);
      for (let n = 0; n < count; n += 1) {
        const pad = ' '.repeat(indent + (random() < 0.03 ? 1 : 0));
        const key = random() < 0.06 ? pick(odd) : pick(keys);
        const roll = random();
        if (random() < 0.1) lines.push(random() < 0.5 ? '' : `${pad}# note`);
        if (depth < 3 && roll < 0.25) {
          lines.push(`${pad}${key}:`, ...render(indent + pick([2, 4, 3]), depth + 1));
        } else if (roll < 0.35) {
          const at = indent + pick([0, 2, 2]);
          lines.push(`${pad}${key}:`);
          for (let i = 0; i < 1 + Math.floor(random() * 3); i += 1)
            lines.push(`${' '.repeat(at)}- ${pick(scalars)}`);
        } else if (roll < 0.4) {
          lines.push(`${pad}${key}:${random() < 0.5 ? '' : ' # empty'}`);
        } else {
          lines.push(`${pad}${key}: ${pick(scalars)}${random() < 0.1 ? ' # c' : ''}`);
        }
      }
      return lines;
    };
    let read = 0;
    for (let n = 0; n < 4000; n += 1) {
      if (expectSound(`${render(0, 0).join('\n')}\n`) !== undefined) read += 1;
    }
    expect(read).toBeGreaterThan(400);
  });
});
