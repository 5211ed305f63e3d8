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

describe('readConfigQuickly', () => {
  it('reads the DESIGN.md example and the docs examples that stand alone exactly as parseConfig does', () => {
    expect(expectSound(DESIGN_EXAMPLE)).toBeDefined();
    const docs = [...yamlBlocks('../../docs/configuration.md'), ...yamlBlocks('../../README.md')];
    expect(docs.length).toBeGreaterThan(5);
    for (const text of docs) expectSound(text);
    expect(expectSound(docs[0] ?? '')).toBeDefined();
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

  it('agrees with parseConfig on 600 generated configurations, valid and not, and reads the valid plain ones', () => {
    let seed = 4_242;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const maybe = (line: string, chance = 0.5) => (random() < chance ? [line] : []);
    // Each slot: valid spellings first, then after '|' ones the schema refuses, picked one time in ten.
    const slots = {
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
        '{}',
        '|',
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
    };
    const pickSlot = (slot: readonly string[]): string => {
      const cut = slot.indexOf('|');
      return random() < 0.1 ? pick(slot.slice(cut + 1)) : pick(slot.slice(0, cut));
    };
    const generate = (): string => {
      const env = pickSlot(slots.environment);
      const expect = [
        ...maybe(`status: ${pickSlot(slots.status)}`),
        ...maybe(`body: ${pickSlot(slots.body)}`, 0.3),
        ...maybe(`headers: ${pickSlot(slots.expectHeaders)}`, 0.2),
        ...maybe(`version: ${pickSlot(slots.version)}`, 0.3),
        ...maybe(`version_header: ${pickSlot(slots.versionHeader)}`, 0.2),
        ...maybe(`max_latency: ${pickSlot(slots.latency)}`, 0.3),
      ];
      return [
        ...maybe(`environments: { production: { alerts: ${pickSlot(slots.alerts)} } }`, 0.3),
        ...maybe(`catch_all: ${pickSlot(slots.boolean)}`, 0.15),
        ...maybe(`ca: ${pickSlot(slots.ca)}`, 0.2),
        ...maybe('x-note: anything goes', 0.1),
        ...maybe('extra: 1', 0.05),
        'origins:',
        `  web1: ${pickSlot(slots.origin)}`,
        ...maybe(`  web2: ${pickSlot(slots.origin)}`),
        ...maybe('resolve:', 0.6).flatMap((line) => [line, `  shop.internal: ${pickSlot(slots.address)}`]),
        'sites:',
        '  shop:',
        `    url: ${pickSlot(slots.url)}`,
        ...maybe(`    environment: ${env}`, 0.3),
        ...maybe(`    aliases: ${pickSlot(slots.aliases)}`),
        ...maybe(`    origins: ${pickSlot(slots.originList)}`),
        ...maybe(`    method: ${pickSlot(slots.method)}`, 0.2),
        ...maybe(`    headers: ${pickSlot(slots.headers)}`, 0.3),
        ...maybe(`    catch_all: ${pickSlot(slots.boolean)}`, 0.15),
        ...(random() < 0.6 ? ['    expect:', ...expect.map((line) => `      ${line}`)] : []),
        ...maybe(`host: { listeners: ${pickSlot(slots.listeners)} }`, 0.2),
        '',
      ].join('\n');
    };
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
