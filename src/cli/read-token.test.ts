import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { captureIo } from './capture-io.test-helper.js';
import { readToken } from './read-token.js';

const TOKEN = 'fdt_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-token-'));
  dirs.push(dir);
  return dir;
}

async function problem(promise: Promise<unknown>): Promise<string> {
  const error = await promise.catch((caught: unknown) => caught);
  if (!(error instanceof FrontdoorError) || error.code !== 'FD_ERR_USAGE')
    throw new Error('expected FD_ERR_USAGE');
  return error.message;
}

describe('readToken', () => {
  it('reads a token file relative to the working directory, trimmed, without a warning when only its owner reads it', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'agent.token'), `${TOKEN}\n`, { mode: 0o600 });
    const io = captureIo({ cwd: dir });
    expect(await readToken('agent', { tokenFile: 'agent.token' }, io)).toEqual({
      token: TOKEN,
      source: '--token-file',
    });
    expect(io.err()).toBe('');
  });

  it('warns about a token file others may read and about --token in the process list, never printing the token', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'agent.token'), TOKEN);
    await chmod(join(dir, 'agent.token'), 0o644);
    const io = captureIo({ cwd: dir });
    await readToken('agent', { tokenFile: 'agent.token' }, io);
    expect(io.err()).toBe(
      `frontdoor agent: warning: ${join(dir, 'agent.token')} may be read by other users (mode 644); chmod 600 it\n`,
    );
    const flag = captureIo();
    expect(await readToken('verify', { token: TOKEN }, flag)).toEqual({ token: TOKEN, source: '--token' });
    expect(flag.err()).toContain('--token is visible to every user of this machine in the process list');
    expect(flag.err()).not.toContain(TOKEN);
  });

  it('falls back to FRONTDOOR_TOKEN, and to nothing', async () => {
    expect(await readToken('agent', {}, captureIo({ env: { FRONTDOOR_TOKEN: TOKEN } }))).toEqual({
      token: TOKEN,
      source: 'FRONTDOOR_TOKEN',
    });
    expect(await readToken('agent', {}, captureIo({ env: { FRONTDOOR_TOKEN: '' } }))).toBeUndefined();
  });

  it('refuses both flags, an unreadable or oversized file, a directory, and a token a header cannot carry', async () => {
    const dir = await folder();
    expect(await problem(readToken('agent', { token: TOKEN, tokenFile: 'x' }, captureIo()))).toBe(
      'frontdoor agent: give --token or --token-file, not both',
    );
    expect(await problem(readToken('agent', { tokenFile: 'missing' }, captureIo({ cwd: dir })))).toBe(
      `frontdoor agent: cannot read --token-file ${join(dir, 'missing')}: no such file or directory (ENOENT)`,
    );
    expect(await problem(readToken('agent', { tokenFile: '.' }, captureIo({ cwd: dir })))).toBe(
      `frontdoor agent: cannot read --token-file ${dir}: is a directory (EISDIR)`,
    );
    await writeFile(join(dir, 'big'), 'x'.repeat(5000), { mode: 0o600 });
    expect(await problem(readToken('agent', { tokenFile: 'big' }, captureIo({ cwd: dir })))).toContain(
      'larger than 4 KiB, the limit for a token file',
    );
    const spaced = await problem(readToken('agent', { token: 'two words' }, captureIo()));
    expect(spaced).toBe(
      'frontdoor agent: the token from --token is empty or holds characters a bearer token may not',
    );
  });
});
