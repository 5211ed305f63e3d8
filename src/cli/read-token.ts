import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FrontdoorError } from '../errors.js';
import { describeReadFailure, readBoundedFile } from '../fs/read-bounded-file.js';
import type { ReadLimit } from '../fs/read-limits.js';
import type { CommandIo } from './command.js';

/** Where a token came from; the token itself is never printed. */
export type TokenSource = '--token' | '--token-file' | 'FRONTDOOR_TOKEN';

export const TOKEN_ENV = 'FRONTDOOR_TOKEN';

/** RFC 6750's b64token: what fits in `Authorization: Bearer ...` without quoting. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** A token file holds one line; anything larger is not a token file. */
const TOKEN_FILE_READ_LIMIT: ReadLimit = { maxBytes: 4096, what: 'a token file' };

/**
 * The bearer token from --token-file, --token or FRONTDOOR_TOKEN (in that order; --token and
 * --token-file together are refused). --token is visible to every user of the machine in the process
 * list, so using it prints a warning; a token file others may read does too. Undefined when none is given.
 */
export async function readToken(
  command: string,
  flags: { token?: string; tokenFile?: string },
  io: Pick<CommandIo, 'env' | 'cwd' | 'stderr'>,
): Promise<{ token: string; source: TokenSource } | undefined> {
  const usage = (message: string) => new FrontdoorError('FD_ERR_USAGE', `frontdoor ${command}: ${message}`);
  if (flags.token !== undefined && flags.tokenFile !== undefined) {
    throw usage('give --token or --token-file, not both');
  }
  let found: { token: string; source: TokenSource } | undefined;
  if (flags.tokenFile !== undefined) {
    found = {
      token: await readTokenFile(command, resolve(io.cwd, flags.tokenFile), io),
      source: '--token-file',
    };
  } else if (flags.token !== undefined) {
    io.stderr.write(
      `frontdoor ${command}: warning: --token is visible to every user of this machine in the process list; prefer --token-file or ${TOKEN_ENV}\n`,
    );
    found = { token: flags.token.trim(), source: '--token' };
  } else if (io.env[TOKEN_ENV] !== undefined && io.env[TOKEN_ENV] !== '') {
    found = { token: (io.env[TOKEN_ENV] ?? '').trim(), source: TOKEN_ENV };
  }
  if (found === undefined) return undefined;
  // The value is never echoed: a token in an error message ends up in CI logs.
  if (!BEARER_TOKEN.test(found.token)) {
    throw usage(`the token from ${found.source} is empty or holds characters a bearer token may not`);
  }
  return found;
}

async function readTokenFile(command: string, path: string, io: Pick<CommandIo, 'stderr'>): Promise<string> {
  try {
    const raw = await readBoundedFile(path, TOKEN_FILE_READ_LIMIT);
    // Read first, so a FIFO or a device is refused before its mode means anything.
    const { mode } = await stat(path);
    if ((mode & 0o077) !== 0) {
      io.stderr.write(
        `frontdoor ${command}: warning: ${path} may be read by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it\n`,
      );
    }
    return raw.toString('utf8').trim();
  } catch (error) {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      `frontdoor ${command}: cannot read --token-file ${path}: ${describeReadFailure(error)}`,
      { cause: error },
    );
  }
}
