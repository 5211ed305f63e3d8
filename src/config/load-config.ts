import { isAbsolute, resolve } from 'node:path';
import { FrontdoorError } from '../errors.js';
import { describeReadFailure, readBoundedFile } from '../fs/read-bounded-file.js';
import { CONFIG_READ_LIMIT } from '../fs/read-limits.js';
import type { FrontdoorConfig } from './config-types.js';
import { displayPath } from './display-path.js';
import type { Environment } from './expand-variables.js';
import type { ConfigReader } from './parse-config.js';
import { readConfigQuickly } from './read-config-quickly.js';

/**
 * Reads and validates a configuration file; relative paths are taken against `cwd` (default the process's)
 * and `${VAR}` references read `options.env` (see parseConfig). A FIFO, a device or a file over
 * CONFIG_READ_LIMIT is refused before it can block or fill memory.
 * @throws FrontdoorError FD_ERR_CONFIG_READ "cannot read configuration ./x.yaml: no such file or directory (ENOENT)", or the
 *   FD_ERR_CONFIG_SYNTAX / FD_ERR_CONFIG_SCHEMA line of parseConfig
 */
export async function loadConfig(
  path: string,
  cwd: string = process.cwd(),
  options: { env?: Environment; reader?: ConfigReader } = {},
): Promise<FrontdoorConfig> {
  const absolute = resolve(cwd, path);
  let bytes: Buffer;
  try {
    // bytes, not text: parseConfig refuses what is not UTF-8 instead of reading it as U+FFFD
    bytes = await readBoundedFile(absolute, CONFIG_READ_LIMIT);
  } catch (error) {
    const reason = describeReadFailure(error);
    // Echo a relative path as typed: that is the name the user knows it by.
    const shown = isAbsolute(path) ? displayPath(absolute, cwd) : path;
    throw new FrontdoorError('FD_ERR_CONFIG_READ', `cannot read configuration ${shown}: ${reason}`, {
      cause: error,
    });
  }
  // For check, a plain, valid file never loads the YAML parser or zod (~50 ms of a short run); parseConfig
  // reads everything else (`${VAR}` references among it, and everything serve reads) and words its errors.
  const quick = options.reader === 'serve' ? undefined : readConfigQuickly(bytes, absolute);
  if (quick !== undefined) return quick;
  const { parseConfig } = await import('./parse-config.js');
  return parseConfig(bytes, absolute, { cwd, ...options });
}
