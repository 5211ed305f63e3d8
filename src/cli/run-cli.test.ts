import { describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { captureIo } from './capture-io.test-helper.js';
import type { Command } from './command.js';
import { EXIT_INTERNAL, runCli } from './run-cli.js';

const throwing =
  (error: unknown): Command =>
  async () => {
    throw error;
  };

describe('runCli', () => {
  it('prints the usage on stderr and exits 2 without arguments, on stdout and 0 with --help', async () => {
    const bare = captureIo();
    expect(await runCli([], bare, {})).toBe(2);
    expect(bare.out()).toBe('');
    expect(bare.err()).toContain('usage: frontdoor <command> [options]');

    const help = captureIo();
    expect(await runCli(['--help'], help, {})).toBe(0);
    expect(help.out()).toContain('verify     deploy gate');
    expect(help.err()).toBe('');
  });

  it('prints the version and refuses unknown commands (also inherited object keys) in one line', async () => {
    const version = captureIo();
    expect(await runCli(['--version'], version, {})).toBe(0);
    expect(version.out()).toMatch(/^frontdoor \d+\.\d+\.\d+\n$/);

    for (const name of ['frobnicate', 'constructor']) {
      const io = captureIo();
      expect(await runCli([name], io, {})).toBe(2);
      expect(io.err()).toBe(`frontdoor: unknown command '${name}'; run 'frontdoor --help'\n`);
    }
  });

  it('prints a FrontdoorError as its one line and exits 2', async () => {
    const io = captureIo();
    const error = new FrontdoorError('FD_ERR_IO', 'frontdoor verify: cannot write out.xml: EACCES');
    expect(await runCli(['verify'], io, { verify: async () => throwing(error) })).toBe(2);
    expect(io.err()).toBe('frontdoor verify: cannot write out.xml: EACCES\n');
  });

  it.each([
    [
      'cannot read configuration x.yaml: no such file or directory (ENOENT)',
      'frontdoor check: cannot read configuration x.yaml: no such file or directory (ENOENT)',
    ],
    ["unknown site 'shpo' (known: shop)", "frontdoor check: unknown site 'shpo' (known: shop)"],
    [
      'frontdoor.yaml:12:5: bad YAML: Tabs are not allowed',
      'frontdoor.yaml:12:5: bad YAML: Tabs are not allowed',
    ],
    [
      "frontdoor check: --timeout: '5x' is not a duration",
      "frontdoor check: --timeout: '5x' is not a duration",
    ],
  ])('names the command before a bare error line: %s', async (message, line) => {
    const io = captureIo();
    const error = new FrontdoorError('FD_ERR_CONFIG_READ', message);
    expect(await runCli(['check'], io, { check: async () => throwing(error) })).toBe(2);
    expect(io.err()).toBe(`${line}\n`);
  });

  it('turns an unexpected exception into one line and a hint, without the stack', async () => {
    const io = captureIo();
    const bug = new TypeError("Cannot read properties of undefined (reading 'verdict')");
    expect(await runCli(['check'], io, { check: async () => throwing(bug) })).toBe(EXIT_INTERNAL);
    expect(io.err()).toBe(
      "frontdoor: internal error: Cannot read properties of undefined (reading 'verdict')\n" +
        'this is a bug in frontdoor; rerun with FRONTDOOR_DEBUG=1 for the stack trace and report it\n',
    );
    expect(io.out()).toBe('');
  });

  it('prints the whole stack when FRONTDOOR_DEBUG is set', async () => {
    const io = captureIo({ env: { FRONTDOOR_DEBUG: '1' } });
    const bug = new RangeError('off by one');
    expect(await runCli(['check'], io, { check: async () => throwing(bug) })).toBe(EXIT_INTERNAL);
    expect(io.err()).toMatch(/^frontdoor: internal error: RangeError: off by one\n\s+at /);
  });

  it('describes a thrown non-Error value too', async () => {
    const io = captureIo();
    expect(await runCli(['check'], io, { check: async () => throwing('plain string') })).toBe(EXIT_INTERNAL);
    expect(io.err().split('\n')[0]).toBe('frontdoor: internal error: plain string');
  });
});
