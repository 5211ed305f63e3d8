import { describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { DEFAULT_INTERVAL_MS, DEFAULT_VERIFY_BURST, parseVerifyArgs } from './parse-verify-args.js';

function usageLine(argv: string[]): string {
  try {
    parseVerifyArgs(argv);
  } catch (error) {
    if (error instanceof FrontdoorError && error.code === 'FD_ERR_USAGE') return error.message;
    throw error;
  }
  throw new Error(`expected FD_ERR_USAGE for ${argv.join(' ')}`);
}

describe('parseVerifyArgs', () => {
  it('defaults to a burst of 10 and a 200 ms interval, with no gate extras', () => {
    const args = parseVerifyArgs(['-c', 'frontdoor.yaml']);
    expect(args).toMatchObject({
      config: 'frontdoor.yaml',
      burst: DEFAULT_VERIFY_BURST,
      intervalMs: DEFAULT_INTERVAL_MS,
    });
    expect(DEFAULT_VERIFY_BURST).toBe(10);
    expect(DEFAULT_INTERVAL_MS).toBe(200);
    for (const key of ['withinMs', 'allowGapMs', 'during', 'junit', 'summary'] as const) {
      expect(args[key]).toBeUndefined();
    }
  });

  it('reads the gate flags and every check flag', () => {
    const args = parseVerifyArgs([
      'https://shop.test/health',
      '--burst',
      '20',
      '--expect-version',
      'abc123',
      '--connect-to',
      '127.0.0.9:8443',
      '--within',
      '2m',
      '--interval',
      '500ms',
      '--allow-gap',
      '1.5s',
      '--junit',
      'out/junit.xml',
      '--summary',
      'summary.md',
      '--json',
      '--during',
      '--',
      './deploy.sh',
      '--json',
      '--',
      'x',
    ]);
    expect(args.urls.map((url) => url.href)).toEqual(['https://shop.test/health']);
    expect(args).toMatchObject({
      burst: 20,
      expect: { version: 'abc123' },
      connectTo: { host: '127.0.0.9', port: 8443 },
      withinMs: 120_000,
      intervalMs: 500,
      allowGapMs: 1500,
      junit: 'out/junit.xml',
      summary: 'summary.md',
      json: true,
      // everything after the first -- belongs to the command, flags and all
      during: ['./deploy.sh', '--json', '--', 'x'],
    });
  });

  it('returns early for --help', () => {
    expect(parseVerifyArgs(['--help']).help).toBe(true);
  });

  it.each([
    [
      ['-c', 'f.yaml', '--during'],
      "frontdoor verify: --during takes the deploy command after '--' (everything after it is the command): --during -- ./deploy.sh",
    ],
    [
      ['https://a.test/', '--during', 'sleep', '1'],
      "frontdoor verify: --during takes the deploy command after '--' (everything after it is the command): --during -- sleep 1",
    ],
    [['-c', 'f.yaml', '--during', '--'], "frontdoor verify: --during needs a command after '--'"],
    [
      ['-c', 'f.yaml', '--', './deploy.sh'],
      "frontdoor verify: a command after '--' ('./deploy.sh') needs --during",
    ],
    [['-c', 'f.yaml', '--within', 'soon'], "frontdoor verify: --within: 'soon' is not a duration"],
    [['-c', 'f.yaml', '--interval', '0'], "frontdoor verify: --interval: '0' must be longer than zero"],
    [['-c', 'f.yaml', '--allow-gap', '1s'], 'frontdoor verify: --allow-gap applies to --during'],
    [['-c', 'f.yaml', '--burst', 'ten'], "frontdoor verify: --burst: expected a positive integer, got 'ten'"],
    [['-c', 'f.yaml', '--junit', ''], 'frontdoor verify: --junit: expected a file path'],
    [['-c', 'f.yaml', '--frobnicate'], "frontdoor verify: unknown option '--frobnicate'"],
    [[], 'frontdoor verify: nothing to check'],
  ])('rejects %j with one line', (argv, expected) => {
    const line = usageLine(argv);
    expect(line).toContain(expected);
    expect(line).not.toContain('\n');
  });

  it('reads --report-to as the watch’s deploys endpoint, and the token flags with it', () => {
    const args = parseVerifyArgs([
      '-c',
      'f.yaml',
      '--report-to',
      'https://example.com/frontdoor',
      '--token-file',
      't',
    ]);
    expect(args.reportTo?.href).toBe('https://example.com/frontdoor/api/v1/deploys');
    expect(args.tokenFile).toBe('t');
    expect(usageLine(['-c', 'f.yaml', '--report-to', 'ftp://watch'])).toBe(
      'frontdoor verify: --report-to: expected an http:// or https:// URL of the watch, got ftp:',
    );
    expect(usageLine(['-c', 'f.yaml', '--token', 'x'])).toBe(
      'frontdoor verify: --token and --token-file go with --report-to URL',
    );
  });
});
