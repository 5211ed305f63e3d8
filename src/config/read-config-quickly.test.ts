import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DESIGN_EXAMPLE } from './design-example.test-helper.js';
import { parseConfig } from './parse-config.js';
import { readConfigQuickly } from './read-config-quickly.js';

const SOURCE = '/srv/fd/frontdoor.yaml';

/** What the full path makes of `text`: the configuration, or 'error' when it refuses the file. */
function parseFully(text: string): unknown {
  try {
    return parseConfig(text, SOURCE, { cwd: '/srv/fd' });
  } catch {
    return 'error';
  }
}

/** The quick reader's one promise: when it answers, it answers exactly what parseConfig does. */
function expectSound(text: string): unknown {
  const quick = readConfigQuickly(text, SOURCE);
  if (quick !== undefined) expect([text, quick]).toEqual([text, parseFully(text)]);
  return quick;
}

const yamlBlocks = (path: string): string[] =>
  [...readFileSync(new URL(path, import.meta.url), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map(
    (match) => match[1] ?? '',
  );

// Each slot: valid spellings first, then after '|' ones the schema refuses.
const SLOTS = {
  origin: [
    '10.0.0.11',
    '"[2001:db8::12]:8443"',
    '2001:db8::13',
    'web4.lan:8443',
    'Web5.LAN',
    '"[::1]"',
    '|',
    '10.0.0.999',
    'a:b:c',
    '""',
    '443',
    '"[10.0.0.1]:80"',
    'x:0',
  ],
  address: ['10.0.0.11', '"[::1]"', '" ::1 "', '"2001:db8::20"', '|', 'not-an-ip', '10', '~'],
  url: [
    'https://shop.example.com/health',
    'http://x.test:8080/a?b=1#c',
    '"HTTPS://X.TEST"',
    'https://[::1]:8443/',
    '|',
    'ftp://x.test/',
    'https://u:p@x.test/',
    '42',
  ],
  aliases: [
    '[shop.internal]',
    '[]',
    '',
    '[Shop.Internal, " x.test "]',
    '[10.0.0.1, "::1"]',
    'null',
    '|',
    '[bad_name!]',
    '[1.2.3.999]',
    'shop.internal',
  ],
  originList: ['[web1]', '[web1, web2]', '[]', '|', '[web1, web1]', '[web9]', '""', '[""]'],
  method: ['GET', 'head', 'PoSt', '|', '"GE T"', '1'],
  headers: [
    '{ X-A: b }',
    '{ X-N: 42 }',
    '{ X-N: 1.5 }',
    '{ X-E: "" }',
    '{ X-L1: "café" }',
    '{}',
    '|',
    '{ X-U: "a\u010db" }',
    '{ Host: x }',
    '{ "bad name": x }',
    '{ X-T: true }',
    '{ X-L: "a\\nb" }',
  ],
  status: ['200', '[200, 301]', '[204]', '|', '[]', '99', '"200"', '200.5', '600'],
  body: ['ok', '""', '|', '42', 'true'],
  expectHeaders: ['{ Content-Type: a }', '{ X-V: 7 }', '|', '{ A: x, a: y }', '{ "b c": d }'],
  version: ['"1.10"', 'v2', '|', '1.10', '""', '2'],
  versionHeader: ['X-Release', 'x-app-version', '|', '"bad h"'],
  latency: ['800ms', '800', '1.5s', '1m30s', '2.5', '|', '0', '"-5"', 'soon', '25d'],
  environment: ['production', '|', 'staging', '""'],
  alerts: ['page', 'quiet', '|', 'loud'],
  boolean: ['false', 'true', '|', 'no', '0'],
  listeners: [
    '{ "443": nginx }',
    '{ "unix:/run/php.sock": php-fpm }',
    '~',
    '|',
    '{ bad: nginx }',
    '{ "443": "" }',
  ],
  ca: ['a.pem', '[a.pem, b.pem]', '[]', '|', '""', 'null'],
  // A second resolve entry beside shop.internal: the last two name it again, which the schema refuses.
  resolveName: [
    'api.internal',
    'Api.Other.',
    'bücher.example',
    '|',
    'a..b',
    'SHOP.internal',
    'Shop.Internal.',
  ],
  requestBody: ['ping', '"{}"', '""', '|', '42'],
  bodyRegex: ['"^ok$"', 'ok.*', '|', '"("', '7'],
};
type SlotName = keyof typeof SLOTS;

/** The spellings of a slot the schema accepts (before '|'), or refuses (after). */
function spellings(slot: SlotName, accepted: boolean): string[] {
  const values = SLOTS[slot];
  const cut = values.indexOf('|');
  return accepted ? values.slice(0, cut) : values.slice(cut + 1);
}

/**
 * A configuration built from the slots: `choose` picks each slot's spelling and `include` whether an optional
 * line is written (with the chance it has in the random corpus).
 */
function render(
  choose: (slot: SlotName) => string,
  include: (chance: number) => boolean,
  extraKey: boolean,
): string {
  const maybe = (line: string, chance = 0.5) => (include(chance) ? [line] : []);
  const env = choose('environment');
  const expectLines = [
    ...maybe(`status: ${choose('status')}`),
    ...maybe(`body: ${choose('body')}`, 0.3),
    ...maybe(`headers: ${choose('expectHeaders')}`, 0.2),
    ...maybe(`version: ${choose('version')}`, 0.3),
    ...maybe(`version_header: ${choose('versionHeader')}`, 0.2),
    ...maybe(`max_latency: ${choose('latency')}`, 0.3),
    ...maybe(`body_regex: ${choose('bodyRegex')}`, 0.15),
  ];
  return [
    ...maybe(`environments: { production: { alerts: ${choose('alerts')} } }`, 0.3),
    ...maybe(`catch_all: ${choose('boolean')}`, 0.15),
    ...maybe(`ca: ${choose('ca')}`, 0.2),
    ...maybe('x-note: anything goes', 0.1),
    ...(extraKey ? ['extra: 1'] : []),
    'origins:',
    `  web1: ${choose('origin')}`,
    ...maybe(`  web2: ${choose('origin')}`),
    ...maybe('resolve:', 0.6).flatMap((line) => [
      line,
      `  shop.internal: ${choose('address')}`,
      ...maybe(`  ${choose('resolveName')}: ${choose('address')}`),
    ]),
    'sites:',
    '  shop:',
    `    url: ${choose('url')}`,
    ...maybe(`    environment: ${env}`, 0.3),
    ...maybe(`    aliases: ${choose('aliases')}`),
    ...maybe(`    origins: ${choose('originList')}`),
    ...maybe(`    method: ${choose('method')}`, 0.2),
    ...maybe(`    headers: ${choose('headers')}`, 0.3),
    ...maybe(`    catch_all: ${choose('boolean')}`, 0.15),
    ...maybe(`    edge: ${choose('boolean')}`, 0.1),
    ...maybe(`    allow_insecure_redirect: ${choose('boolean')}`, 0.1),
    ...maybe(`    request_body: ${choose('requestBody')}`, 0.1),
    ...(include(0.6) ? ['    expect:', ...expectLines.map((line) => `      ${line}`)] : []),
    ...maybe(`host: { listeners: ${choose('listeners')} }`, 0.2),
    '',
  ].join('\n');
}

describe('readConfigQuickly', () => {
  it('reads the DESIGN.md example and the docs examples that stand alone exactly as parseConfig does', () => {
    expect(expectSound(DESIGN_EXAMPLE)).toBeDefined();
    const docs = [...yamlBlocks('../../docs/configuration.md'), ...yamlBlocks('../../README.md')];
    expect(docs.length).toBeGreaterThan(5);
    for (const text of docs) expectSound(text);
    expect(expectSound(docs[0] ?? '')).toBeDefined();
  });

  it("ignores the daemon's sections as check does, whatever they say", () => {
    const text = [
      'watch: { interval: 1s, nonsense: [1, 2] }',
      'alerts: { policies: { loud: { channels: [nowhere] } } }',
      'maintenance: 42',
      'api: { tokens: yes }',
      'environments: { production: { alerts: loud } }',
      'sites: { s: { url: "https://a.test/", environment: production } }',
      '',
    ].join('\n');
    expect(expectSound(text)).toBeDefined();
  });

  it.each([
    [
      'an anchor (the full parser resolves it)',
      'x-e: &e { status: 200 }\nsites: { s: { url: "https://a.test/", expect: *e } }\n',
    ],
    [
      'an unknown key (the schema words the error)',
      'sites: { s: { url: "https://a.test/", expectt: {} } }\n',
    ],
    [
      'an unknown origin (checkReferences words it)',
      'sites: { s: { url: "https://a.test/", origins: [web9] } }\n',
    ],
    [
      'a version YAML reads as a number',
      'sites: { s: { url: "https://a.test/", expect: { version: 1.10 } } }\n',
    ],
  ])('leaves %s to parseConfig', (_, text) => {
    expect(readConfigQuickly(text, SOURCE)).toBeUndefined();
  });

  it('agrees with parseConfig on every spelling of every leaf, each in an otherwise valid file', () => {
    const baseline = render(
      (name) => spellings(name, true)[0] ?? '',
      () => true,
      false,
    );
    expect(readConfigQuickly(baseline, SOURCE)).toEqual(parseFully(baseline));
    expect(readConfigQuickly(baseline, SOURCE)).toBeDefined();
    const missed: string[] = [];
    let cases = 0;
    for (const slot of Object.keys(SLOTS) as SlotName[]) {
      for (const accepted of [true, false]) {
        for (const spelling of spellings(slot, accepted)) {
          const text = render(
            (name) => (name === slot ? spelling : (spellings(name, true)[0] ?? '')),
            () => true,
            false,
          );
          cases += 1;
          const full = parseFully(text);
          const quick = readConfigQuickly(text, SOURCE);
          if (quick !== undefined) expect([text, quick]).toEqual([text, full]);
          if (full !== 'error' && quick === undefined) missed.push(text);
        }
      }
    }
    expect(cases).toBeGreaterThan(100);
    expect(missed).toEqual([]);
  });

  it('agrees with parseConfig on 600 generated configurations, valid and not, and reads the valid plain ones', () => {
    let seed = 4_242;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const generate = (): string =>
      render(
        (slot) => pick(spellings(slot, random() >= 0.1)),
        (chance) => random() < chance,
        random() < 0.05,
      );
    const missed: string[] = [];
    let valid = 0;
    for (let n = 0; n < 600; n += 1) {
      const text = generate();
      const full = parseFully(text);
      const quick = readConfigQuickly(text, SOURCE);
      if (quick !== undefined) expect([text, quick]).toEqual([text, full]);
      if (full === 'error') continue;
      valid += 1;
      // Everything the generator writes is in the plain subset, so a valid file must be read quickly.
      if (quick === undefined) missed.push(text);
    }
    expect(valid).toBeGreaterThan(120);
    expect(missed).toEqual([]);
  });
});
