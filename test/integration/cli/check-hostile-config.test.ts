// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are configuration text holding ${VAR} references
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { buildCli, expectOneLineUsageError, runBuiltCli } from './run-built-cli.js';

let workDir: string;

beforeAll(async () => {
  await buildCli();
  workDir = await mkdtemp(join(tmpdir(), 'frontdoor-hostile-config-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Writes `name` in the work dir and runs `frontdoor check -c name` there: bad input must be one line, exit 2. */
async function checkConfig(name: string, content: string | Buffer): Promise<string> {
  await writeFile(join(workDir, name), content);
  return expectOneLineUsageError(
    await runBuiltCli(['check', '-c', name, '--timeout', '1s'], { cwd: workDir }),
  );
}

describe('frontdoor check -c: hostile and clumsy configurations', () => {
  it('refuses a latin1 file where its first non-UTF-8 byte is, instead of reading it as U+FFFD', async () => {
    const text = "sites:\n  shop:\n    # the café's shop\n    url: http://shop.invalid/\n";
    expect(await checkConfig('latin1.yaml', Buffer.from(text, 'latin1'))).toBe(
      'latin1.yaml:3:14: not UTF-8 (byte 0xE9); save the file as UTF-8',
    );
  });

  it('refuses YAML nested 2,000 levels in block style with its location (it crashed with exit 70)', async () => {
    let deep = 'x-deep:\n';
    for (let level = 1; level <= 2000; level += 1) deep += `${' '.repeat(level)}k:\n`;
    expect(await checkConfig('deep.yaml', `${deep}sites: {}\n`)).toBe(
      'deep.yaml:64:64: bad YAML: nested deeper than 64 levels; a frontdoor configuration needs fewer than ten',
    );
  });

  it('refuses aliases that expand one 20,000-item list 99 times (2 million targets, 3.6 GB before)', async () => {
    const list = Array.from({ length: 20_000 }, (_, index) => `  - h${index}.test`).join('\n');
    const sites = Array.from(
      { length: 99 },
      (_, index) => `  s${index}: { url: "http://a${index}.test/", aliases: *l }`,
    );
    expect(await checkConfig('aliases.yaml', `x-list: &l\n${list}\nsites:\n${sites.join('\n')}\n`)).toBe(
      'aliases.yaml:20052:8: bad YAML: aliases expand the configuration to more than 1,000,000 values',
    );
  });

  it('refuses ${VAR} references that expand past 16 MiB (20,000 of 100 kB crashed with exit 70)', async () => {
    await writeFile(
      join(workDir, 'env-bomb.yaml'),
      `sites:\n  shop:\n    url: http://shop.invalid/\n    headers: { x-a: "${'${BIG}'.repeat(20_000)}" }\n`,
    );
    const run = await runBuiltCli(['check', '-c', 'env-bomb.yaml', '--timeout', '1s'], {
      cwd: workDir,
      env: { BIG: 'x'.repeat(100_000) },
    });
    expect(expectOneLineUsageError(run)).toBe(
      'env-bomb.yaml:4:22: sites.shop.headers.x-a: environment variables expand the configuration past 16 MiB (here at ${BIG}), the limit for a frontdoor configuration',
    );
  });

  it('refuses more targets than one run checks, naming the cap', async () => {
    const origins = Array.from({ length: 100 }, (_, index) => `  web${index}: ${allocateLoopbackAddress()}`);
    const aliases = Array.from({ length: 1000 }, (_, index) => `h${index}.invalid`).join(', ');
    const text = [
      'origins:',
      ...origins,
      'sites:',
      '  shop:',
      '    url: http://shop.invalid/',
      `    aliases: [${aliases}]`,
      `    origins: [${origins.map((_, index) => `web${index}`).join(', ')}]`,
      '',
    ].join('\n');
    expect(await checkConfig('many.yaml', text)).toBe(
      'many.yaml:103:3: sites: the configuration expands to 101,101 targets; frontdoor checks at most 100,000 in one run (each hostname through the edge and on each origin)',
    );
  });
});
