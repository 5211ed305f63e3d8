import { resolve } from 'node:path';
import { FrontdoorError } from '../errors.js';
import type { StoreLocation } from '../store/open-store.js';
import { checkPostgresUrl, isPostgresUrl } from '../store/postgres-url.js';

/**
 * Reads a store argument: `sqlite:PATH` (relative paths against `cwd`) or `postgres://USER@HOST:PORT/DB`.
 * `flag` prefixes the message ("frontdoor serve: --store").
 * @throws FrontdoorError FD_ERR_USAGE with one line saying what is wrong
 */
export function parseStoreLocation(text: string, cwd: string, flag: string): StoreLocation {
  if (isPostgresUrl(text)) {
    const problem = checkPostgresUrl(text);
    if (problem !== undefined) throw new FrontdoorError('FD_ERR_USAGE', `${flag} ${problem}`);
    return { dialect: 'postgres', url: text };
  }
  if (!text.startsWith('sqlite:') || text.length === 'sqlite:'.length) {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      `${flag} must be sqlite:PATH or postgres://USER@HOST:PORT/DATABASE, got '${text}'`,
    );
  }
  return { dialect: 'sqlite', path: resolve(cwd, text.slice('sqlite:'.length)) };
}
