import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors.js';
import { MAX_TARGETS } from './count-targets.js';
import { parseConfig } from './parse-config.js';

function failureOf(content: string | Uint8Array): { code: ErrorCode; message: string } {
  try {
    parseConfig(content, 'frontdoor.yaml', { cwd: '/srv/fd' });
  } catch (error) {
    const { code, message } = error as { code: ErrorCode; message: string };
    return { code, message };
  }
  throw new Error('expected parseConfig to fail');
}

describe('parseConfig: hostile and clumsy input', () => {
  it('lets 150 sites share one anchored block (yaml refuses more than 100 uses by default)', () => {
    const sites = Array.from(
      { length: 150 },
      (_, index) => `  s${index}:\n    url: https://s${index}.test/\n    expect: *strict`,
    );
    const config = parseConfig(
      `x-strict: &strict { status: [200] }\nsites:\n${sites.join('\n')}\n`,
      'f.yaml',
    );
    expect(Object.keys(config.sites)).toHaveLength(150);
    expect(config.sites.s149?.expect.status).toEqual([200]);
  });

  it('refuses a configuration that expands to more targets than one run checks, naming the cap', () => {
    // 1,001 hostnames, each through the edge and on 100 origins: 101,101 targets from a short file
    const origins = Array.from(
      { length: 100 },
      (_, index) => `  web${index}: 10.0.${Math.floor(index / 250)}.${(index % 250) + 1}`,
    );
    const aliases = Array.from({ length: 1000 }, (_, index) => `h${index}.test`).join(', ');
    const text = [
      'origins:',
      ...origins,
      'sites:',
      '  shop:',
      '    url: https://shop.test/',
      `    aliases: [${aliases}]`,
      `    origins: [${origins.map((_, index) => `web${index}`).join(', ')}]`,
      '',
    ].join('\n');
    expect(failureOf(text)).toEqual({
      code: 'FD_ERR_CONFIG_SCHEMA',
      message: `frontdoor.yaml:103:3: sites: the configuration expands to 101,101 targets; frontdoor checks at most ${MAX_TARGETS.toLocaleString('en')} in one run (each hostname through the edge and on each origin)`,
    });
  });

  it('refuses bytes that are not UTF-8 where the first one is, and reads UTF-8 bytes as text', () => {
    const text = "sites:\n  shop:\n    # the café's shop\n    url: http://a.test/\n";
    expect(failureOf(Buffer.from(text, 'latin1'))).toEqual({
      code: 'FD_ERR_CONFIG_SYNTAX',
      message: 'frontdoor.yaml:3:14: not UTF-8 (byte 0xE9); save the file as UTF-8',
    });
    expect(Object.keys(parseConfig(Buffer.from(text), 'frontdoor.yaml').sites)).toEqual(['shop']);
  });

  it('refuses nesting 2,000 levels deep with its location instead of overflowing the stack', () => {
    let deep = 'x-deep:\n';
    for (let level = 1; level <= 2000; level += 1) deep += `${' '.repeat(level)}k:\n`;
    expect(failureOf(`${deep}sites: {}\n`)).toEqual({
      code: 'FD_ERR_CONFIG_SYNTAX',
      message:
        'frontdoor.yaml:64:64: bad YAML: nested deeper than 64 levels; a frontdoor configuration needs fewer than ten',
    });
  });
});
