import { describe, expect, it } from 'vitest';
import { parseFlags } from './parse-flags.js';

const OPTIONS = {
  json: { type: 'boolean' },
  burst: { type: 'string' },
  config: { type: 'string', short: 'c' },
} as const;

function usageLine(argv: string[], allowPositionals = true): string {
  try {
    parseFlags('check', argv, OPTIONS, allowPositionals);
  } catch (error) {
    expect(error).toMatchObject({ code: 'FD_ERR_USAGE' });
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseFlags', () => {
  it('parses known flags and positionals', () => {
    const { values, positionals } = parseFlags('check', ['--json', '-c', 'f.yaml', 'https://a/'], OPTIONS);
    expect(values).toEqual({ json: true, config: 'f.yaml' });
    expect(positionals).toEqual(['https://a/']);
  });

  it.each([
    [['--bogus'], "frontdoor check: unknown option '--bogus'; see 'frontdoor check --help'"],
    [['--json', '--bogus=1'], "frontdoor check: unknown option '--bogus'; see 'frontdoor check --help'"],
    [['-x'], "frontdoor check: unknown option '-x'; see 'frontdoor check --help'"],
    [['--burst'], "frontdoor check: option '--burst <value>' argument missing; see 'frontdoor check --help'"],
  ])('names the flag of %j in one line without advice about --', (argv, line) => {
    const message = usageLine(argv);
    expect(message).toBe(line);
    expect(message).not.toContain('\n');
  });

  it('names a stray positional when the command takes none', () => {
    expect(usageLine(['extra'], false)).toBe(
      "frontdoor check: unexpected argument 'extra'; see 'frontdoor check --help'",
    );
  });
});
