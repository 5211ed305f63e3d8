import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { FrontdoorError } from '../errors.js';
import type { FrontdoorConfig } from './config-types.js';
import { displayPath } from './display-path.js';
import { parseConfig } from './parse-config.js';

export { parseConfig } from './parse-config.js';

/**
 * Reads and validates a configuration file; relative paths are taken against `cwd` (default the process's).
 * @throws FrontdoorError FD_ERR_CONFIG_READ "cannot read configuration ./x.yaml: ENOENT", or the
 *   FD_ERR_CONFIG_SYNTAX / FD_ERR_CONFIG_SCHEMA line of parseConfig
 */
export async function loadConfig(path: string, cwd: string = process.cwd()): Promise<FrontdoorConfig> {
  const absolute = resolve(cwd, path);
  let bytes: Buffer;
  try {
    // bytes, not text: parseConfig refuses what is not UTF-8 instead of reading it as U+FFFD
    bytes = await readFile(absolute);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : 'unknown');
    // Echo a relative path as typed: that is the name the user knows it by.
    const shown = isAbsolute(path) ? displayPath(absolute, cwd) : path;
    throw new FrontdoorError('FD_ERR_CONFIG_READ', `cannot read configuration ${shown}: ${reason}`, {
      cause: error,
    });
  }
  return parseConfig(bytes, absolute, { cwd });
}
