import { resolve } from 'node:path';
import type { FrontdoorConfig } from '../config/config-types.js';
import { loadConfig } from '../config/load-config.js';
import type { ConfigReader } from '../config/parse-config.js';
import { readConfigQuickly } from '../config/read-config-quickly.js';
import { FrontdoorError } from '../errors.js';
import type { CommandIo } from './command.js';
import { MAX_STDIN_BYTES, readStdin } from './read-stdin.js';

/** How positions in a configuration read from standard input are named ("<stdin>:3:5: ..."). */
export const STDIN_NAME = '<stdin>';

/**
 * The configuration named by `-c FILE`, or read from standard input for `-c -` (relative paths in it are
 * then taken against the working directory). The command's environment fills `${VAR}` references; `reader`
 * 'serve' validates the watch's sections too (replay reads them), as parseConfig does.
 */
export async function loadConfigArgument(
  path: string,
  io: CommandIo,
  reader: ConfigReader = 'check',
): Promise<FrontdoorConfig> {
  if (path !== '-') return loadConfig(path, io.cwd, { env: io.env, reader });
  const text = await readStdin(io.stdin);
  if (text === undefined) {
    throw new FrontdoorError(
      'FD_ERR_CONFIG_READ',
      `cannot read configuration from standard input: more than ${MAX_STDIN_BYTES / 1_048_576} MiB`,
    );
  }
  // As loadConfig does: a plain, valid configuration without loading the YAML parser or zod.
  const quick = reader === 'serve' ? undefined : readConfigQuickly(text, resolve(io.cwd, STDIN_NAME));
  if (quick !== undefined) return quick;
  const { parseConfig } = await import('../config/parse-config.js');
  return parseConfig(text, STDIN_NAME, { cwd: io.cwd, env: io.env, reader });
}
