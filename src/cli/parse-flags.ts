import { type ParseArgsConfig, parseArgs } from 'node:util';
import { FrontdoorError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict flag parsing over node:util parseArgs: unknown flags, missing values and stray positionals
 * become one FD_ERR_USAGE line naming the command and the flag.
 */
export function parseFlags<O extends Options>(
  command: string,
  argv: string[],
  options: O,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ERR_PARSE_ARGS';
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      `frontdoor ${command}: ${message} (${code}); see 'frontdoor ${command} --help'`,
      {
        cause: error,
      },
    );
  }
}
