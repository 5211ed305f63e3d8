import { describe, expect, it } from 'vitest';
import { isFrontdoorError } from '../errors.js';
import { captureIo } from './capture-io.test-helper.js';
import { CHECK_FLAGS } from './parse-check-args.js';
import { COMMANDS, runCli } from './run-cli.js';

const names = Object.keys(COMMANDS);

describe('every command', () => {
  it.each(names)(
    '%s --help prints its options on stdout, -h/--help among them, and exits 0',
    async (name) => {
      const io = captureIo();
      expect(await runCli([name, '--help'], io)).toBe(0);
      expect(io.out()).toContain('-h, --help');
      expect(io.err()).toBe('');
    },
  );

  it.each(names)('%s refuses an unknown flag with one FD_ERR_USAGE line naming the command', async (name) => {
    const command = await COMMANDS[name]?.();
    const error = await command?.(['--frobnicate'], captureIo()).catch((caught: unknown) => caught);
    expect(isFrontdoorError(error) && error.code).toBe('FD_ERR_USAGE');
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(new RegExp(`^frontdoor ${name}: .*--frobnicate`));
  });

  it.each(['check', 'verify'])('%s --help lists every check flag', async (name) => {
    const io = captureIo();
    await runCli([name, '--help'], io);
    for (const flag of Object.keys(CHECK_FLAGS)) expect(io.out()).toContain(`--${flag}`);
  });
});
