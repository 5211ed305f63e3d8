import { parseDuration } from '../config/parse-duration.js';
import { FrontdoorError } from '../errors.js';
import { CHECK_FLAGS, type CheckArgs, readCheckArgs } from './parse-check-args.js';
import { parseFlags } from './parse-flags.js';
import { readServerUrl } from './read-server-url.js';

/** A deploy gate asks more than one question: ten requests at once catch a 1-in-10 failure (incident 003). */
export const DEFAULT_VERIFY_BURST = 10;
export const DEFAULT_INTERVAL_MS = 200;

/** `frontdoor verify` arguments: every check flag, plus the gate's own. */
export interface VerifyArgs extends CheckArgs {
  /** --within: retry rounds until settled, for at most this long */
  withinMs?: number;
  /** --interval: between probes of a target while the deploy runs, and between rounds */
  intervalMs: number;
  /** --allow-gap: failure windows up to this long during the deploy are tolerated */
  allowGapMs?: number;
  /** --during -- COMMAND...: the deploy command, program first */
  during?: string[];
  /** --junit FILE and --summary FILE, as given (resolved against the cwd by the command) */
  junit?: string;
  summary?: string;
  /** --report-to URL: the watch's deploys endpoint the deploy mark is posted to */
  reportTo?: URL;
  /** --token / --token-file, as given (read by the command, which warns about --token) */
  token?: string;
  tokenFile?: string;
}

const VERIFY_FLAGS = {
  ...CHECK_FLAGS,
  within: { type: 'string' },
  during: { type: 'boolean' },
  'allow-gap': { type: 'string' },
  interval: { type: 'string' },
  junit: { type: 'string' },
  summary: { type: 'string' },
  'report-to': { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
} as const;

/**
 * Parses `frontdoor verify` argv. Everything after the first `--` is the deploy command (never parsed as
 * flags or URLs), which `--during` requires. Bad input is one FD_ERR_USAGE line naming the flag.
 */
export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  const separator = argv.indexOf('--');
  const own = separator < 0 ? [...argv] : argv.slice(0, separator);
  const command = separator < 0 ? undefined : argv.slice(separator + 1);
  const { values, positionals } = parseFlags('verify', own, VERIFY_FLAGS);
  if (values.during === true && command === undefined && values.help !== true) {
    // Without '--' the deploy command's words arrive as URLs ("not a valid URL: sleep"); say where it goes.
    const words = positionals.filter((word) => !/^https?:\/\//i.test(word));
    const example = words.length > 0 ? words.join(' ') : './deploy.sh';
    throw usage(
      `--during takes the deploy command after '--' (everything after it is the command): --during -- ${example}`,
    );
  }
  const checkArgs = readCheckArgs('verify', values, positionals, DEFAULT_VERIFY_BURST);
  const args: VerifyArgs = { ...checkArgs, intervalMs: DEFAULT_INTERVAL_MS };
  if (args.help) return args;

  if (values.during === true) {
    if (command === undefined || command.length === 0 || command[0] === '') {
      throw usage(
        "--during needs a command after '--', e.g. frontdoor verify -c frontdoor.yaml --during -- ./deploy.sh",
      );
    }
    args.during = command;
  } else if (command !== undefined) {
    throw usage(`a command after '--' ('${command.join(' ')}') needs --during`);
  }
  if (values.within !== undefined) args.withinMs = parseDuration(values.within, 'frontdoor verify: --within');
  if (values.interval !== undefined) {
    args.intervalMs = parseDuration(values.interval, 'frontdoor verify: --interval');
  }
  if (values['allow-gap'] !== undefined) {
    if (args.during === undefined)
      throw usage('--allow-gap applies to --during; no deploy command was given');
    args.allowGapMs = parseDuration(values['allow-gap'], 'frontdoor verify: --allow-gap');
  }
  if (values.junit !== undefined) args.junit = nonEmptyPath(values.junit, '--junit');
  if (values.summary !== undefined) args.summary = nonEmptyPath(values.summary, '--summary');
  if (values['report-to'] !== undefined) {
    args.reportTo = readServerUrl('verify', '--report-to', values['report-to'], 'api/v1/deploys');
  }
  if (values.token !== undefined) args.token = values.token;
  if (values['token-file'] !== undefined) args.tokenFile = values['token-file'];
  if (args.reportTo === undefined && (args.token !== undefined || args.tokenFile !== undefined)) {
    throw usage('--token and --token-file go with --report-to URL');
  }
  return args;
}

function nonEmptyPath(text: string, flag: string): string {
  if (text.trim() === '') throw usage(`${flag}: expected a file path, got an empty string`);
  return text;
}

function usage(message: string): FrontdoorError {
  return new FrontdoorError('FD_ERR_USAGE', `frontdoor verify: ${message}`);
}
