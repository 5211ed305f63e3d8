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
    return parseArgs({ args: joinDashedValues(argv, options), options, strict: true, allowPositionals });
  } catch (error) {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      `frontdoor ${command}: ${describeParseError(error, argv, options)}; see 'frontdoor ${command} --help'`,
      { cause: error },
    );
  }
}

/**
 * `--timeout -5s` is a flag and a (bad) value, but parseArgs calls any value starting with '-' ambiguous
 * and suggests '--timeout=-5s'. A value that starts with '-' and a digit cannot be a flag, so it is joined
 * to its flag here and refused, or taken, by the flag's own check ("'-5s' must be longer than zero").
 */
function joinDashedValues(argv: readonly string[], options: Options): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      joined.push(...argv.slice(index));
      break;
    }
    const next = argv[index + 1];
    const name = takesValue(arg, options);
    if (name !== undefined && next !== undefined && /^-\.?\d/.test(next)) {
      joined.push(`--${name}=${next}`);
      index += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** The long name of the string option `arg` names ("--timeout" or its short form), when it takes a value. */
function takesValue(arg: string, options: Options): string | undefined {
  const entry = arg.startsWith('--')
    ? Object.entries(options).find(([name]) => arg === `--${name}`)
    : Object.entries(options).find(([, option]) => option.short !== undefined && arg === `-${option.short}`);
  return entry !== undefined && entry[1].type === 'string' ? entry[0] : undefined;
}

/**
 * Worded from parseArgs' error code and the argv itself: Node's own messages suggest placing arguments
 * after '--', which is wrong advice for commands that give '--' a meaning of their own (verify --during).
 */
export function describeParseError(error: unknown, argv: readonly string[], options: Options): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const flag = findUnknownFlag(argv, options);
      return flag === undefined ? 'unknown option' : `unknown option '${flag}'`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const stray = argv.find((arg) => !arg.startsWith('-'));
      return stray === undefined ? 'unexpected argument' : `unexpected argument '${stray}'`;
    }
    default: {
      // ERR_PARSE_ARGS_INVALID_OPTION_VALUE ("Option '--burst <value>' argument missing") names the flag already.
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      return message.charAt(0).toLowerCase() + message.slice(1);
    }
  }
}

function findUnknownFlag(argv: readonly string[], options: Options): string | undefined {
  const shorts = new Set(
    Object.values(options).flatMap((option) => (option.short === undefined ? [] : [option.short])),
  );
  for (const arg of argv) {
    if (arg === '--') return undefined;
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=')[0] ?? '';
      if (!(name in options)) return `--${name}`;
    } else if (arg.startsWith('-') && arg.length > 1) {
      const unknown = [...arg.slice(1)].find((letter) => !shorts.has(letter));
      if (unknown !== undefined) return `-${unknown}`;
    }
  }
  return undefined;
}
