import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { isFrontdoorError } from '../errors.js';
import { hashToken } from '../server/auth/token-hash.js';
import { captureIo } from './capture-io.test-helper.js';
import { runCli } from './run-cli.js';
import { tokenCommand } from './token-command.js';

describe('frontdoor token hash', () => {
  it('generates a token and prints it, its hash and an entry the configuration accepts', async () => {
    const io = captureIo();
    expect(await runCli(['token', 'hash', '--name', 'grafana'], io)).toBe(0);
    const [tokenLine = '', hashLine = ''] = io.out().split('\n');
    const token = tokenLine.replace('token: ', '');
    expect(token).toMatch(/^fdt_[A-Za-z0-9_-]{43}$/);
    expect(hashLine).toBe(`hash: ${hashToken(token)}`);
    const snippet = io.out().slice(io.out().indexOf('api:'));
    expect(parseConfig(snippet, 'frontdoor.yaml', { reader: 'serve' }).api?.tokens).toEqual([
      { name: 'grafana', scope: 'read', hash: hashToken(token) },
    ]);
  });

  it('hashes a token from stdin without printing it back', async () => {
    const token = 'correct-horse-battery-staple-0123456789';
    const io = captureIo({ stdin: Readable.from([`${token}\n`]) });
    expect(await runCli(['token', 'hash', '--stdin', '--scope', 'agent', '--origin', 'web1'], io)).toBe(0);
    expect(io.out()).not.toContain(token);
    expect(io.out()).toContain(`hash: ${hashToken(token)}`);
    expect(io.out()).toContain(`- { name: NAME, scope: agent, origin: web1, hash: "${hashToken(token)}" }`);
  });

  it.each<[string, string[], string | undefined, string]>([
    [
      'a weak token',
      ['hash', '--stdin'],
      'hunter2\n',
      'a token needs at least 32 characters (this one has 7)',
    ],
    ['an empty stdin', ['hash', '--stdin'], '', 'no token on stdin'],
    ['a file on stdin', ['hash', '--stdin'], 'x'.repeat(5000), 'more than 4096 bytes on stdin'],
    [
      'an unknown scope',
      ['hash', '--scope', 'admin'],
      undefined,
      "--scope: 'admin' is not one of read, write, agent, deploy",
    ],
    ['an origin on a read token', ['hash', '--origin', 'web1'], undefined, '--origin is for agent tokens'],
    ['no action', [], undefined, 'missing action'],
    ['another action', ['verify'], undefined, "unexpected argument 'verify'"],
  ])('refuses %s with one usage line', async (_, argv, stdin, problem) => {
    const io = captureIo(stdin === undefined ? {} : { stdin: Readable.from([stdin]) });
    const error = await tokenCommand(argv, io).catch((caught: unknown) => caught);
    expect(isFrontdoorError(error) && error.code).toBe('FD_ERR_USAGE');
    expect((error as Error).message).toContain(problem);
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });
});
