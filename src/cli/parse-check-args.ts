import { isIP } from 'node:net';
import type { ExpectationOverrides } from '../check/apply-expectations.js';
import { parseDuration } from '../config/parse-duration.js';
import { parseHostPort } from '../config/parse-host-port.js';
import { FrontdoorError } from '../errors.js';
import { findHeaderValueProblem, isHeaderName } from '../probe/header-syntax.js';
import { toHostKey } from '../probe/host-key.js';
import type { ConnectTo } from '../probe/observation.js';
import { parseTargetUrl } from '../probe/parse-target-url.js';
import { parseFlags } from './parse-flags.js';

export const DEFAULT_CONCURRENCY = 16;

/**
 * Bursts start every request at once, each on its own socket; beyond this a typo (--burst 100000000) would
 * exhaust memory and file descriptors instead of probing anything, so it is refused as bad usage.
 */
export const MAX_BURST = 1_000;

/** `frontdoor check` arguments, validated; paths are as given (resolved against the cwd by the command). */
export interface CheckArgs {
  help: boolean;
  urls: URL[];
  config?: string;
  site?: string;
  connectTo?: ConnectTo;
  /** --resolve HOST:ADDR entries, hostname -> address */
  resolve: Record<string, string>;
  burst: number;
  /** only what was given on the command line; targets keep their own for the rest */
  expect: ExpectationOverrides;
  caFiles: string[];
  insecure: boolean;
  timeoutMs?: number;
  follow: number;
  /** --allow-insecure-redirect: every target may follow a redirect from https to plain http */
  allowInsecureRedirect: boolean;
  concurrency: number;
  json: boolean;
  noColor: boolean;
}

/** The flags of `frontdoor check`; other probing commands (verify) accept them all and add their own. */
export const CHECK_FLAGS = {
  config: { type: 'string', short: 'c' },
  site: { type: 'string' },
  'connect-to': { type: 'string' },
  resolve: { type: 'string', multiple: true },
  burst: { type: 'string' },
  'expect-status': { type: 'string', multiple: true },
  'expect-body': { type: 'string' },
  'expect-header': { type: 'string', multiple: true },
  'expect-version': { type: 'string' },
  'version-header': { type: 'string' },
  'max-latency': { type: 'string' },
  ca: { type: 'string', multiple: true },
  insecure: { type: 'boolean' },
  timeout: { type: 'string' },
  follow: { type: 'string' },
  'allow-insecure-redirect': { type: 'boolean' },
  concurrency: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What node:util parseArgs makes of CHECK_FLAGS. */
export type CheckFlagValues = ReturnType<typeof parseFlags<typeof CHECK_FLAGS>>['values'];

/**
 * Parses and validates `frontdoor check` argv. Every bad value becomes one FD_ERR_USAGE line naming the flag;
 * nothing here touches the network or the filesystem.
 */
export function parseCheckArgs(argv: string[]): CheckArgs {
  const { values, positionals } = parseFlags('check', argv, CHECK_FLAGS);
  return readCheckArgs('check', values, positionals);
}

/**
 * Validates already-split check flags for `command` (its name leads every error line), so a command that
 * extends CHECK_FLAGS shares every rule instead of copying it. `defaultBurst` is the burst without --burst.
 */
export function readCheckArgs(
  command: string,
  values: CheckFlagValues,
  positionals: readonly string[],
  defaultBurst = 1,
): CheckArgs {
  const usage = (message: string) => new FrontdoorError('FD_ERR_USAGE', `frontdoor ${command}: ${message}`);
  const args: CheckArgs = {
    help: values.help === true,
    urls: [],
    resolve: {},
    burst: defaultBurst,
    expect: {},
    caFiles: values.ca ?? [],
    insecure: values.insecure === true,
    follow: 0,
    allowInsecureRedirect: values['allow-insecure-redirect'] === true,
    concurrency: DEFAULT_CONCURRENCY,
    json: values.json === true,
    noColor: values['no-color'] === true,
  };
  if (args.help) return args;

  args.urls = positionals.map((text) => parseTargetUrl(text, `frontdoor ${command}`));
  if (values.config !== undefined) args.config = nonEmpty(values.config, '--config', usage);
  if (values.site !== undefined) args.site = nonEmpty(values.site, '--site', usage);
  if (args.urls.length === 0 && args.config === undefined) {
    throw usage(`nothing to check: give one or more URLs or -c FILE; see 'frontdoor ${command} --help'`);
  }
  if (args.site !== undefined && args.config === undefined) throw usage('--site needs -c/--config FILE');
  if (values['connect-to'] !== undefined) {
    if (args.urls.length === 0) throw usage('--connect-to applies to URL arguments; none were given');
    args.connectTo = parseHostPort(values['connect-to'], `frontdoor ${command}: --connect-to`);
  }
  for (const entry of values.resolve ?? []) {
    const [host, address] = parseResolveEntry(entry, usage);
    // Defined, not assigned: a host named __proto__ must stay a key.
    Object.defineProperty(args.resolve, host, {
      value: address,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (values.burst !== undefined) {
    args.burst = parseCount(values.burst, '--burst', 1, usage);
    if (args.burst > MAX_BURST)
      throw usage(`--burst: at most ${MAX_BURST} requests at once, got '${values.burst}'`);
  }
  if (values.follow !== undefined) args.follow = parseCount(values.follow, '--follow', 0, usage);
  if (values.concurrency !== undefined)
    args.concurrency = parseCount(values.concurrency, '--concurrency', 1, usage);
  if (values.timeout !== undefined)
    args.timeoutMs = parseDuration(values.timeout, `frontdoor ${command}: --timeout`);
  args.expect = parseExpectations(command, values, usage);
  return args;
}

type Usage = (message: string) => FrontdoorError;

function parseExpectations(
  command: string,
  values: {
    'expect-status'?: string[];
    'expect-body'?: string;
    'expect-header'?: string[];
    'expect-version'?: string;
    'version-header'?: string;
    'max-latency'?: string;
  },
  usage: Usage,
): ExpectationOverrides {
  const expect: ExpectationOverrides = {};
  const statusTexts = (values['expect-status'] ?? []).flatMap((text) => text.split(','));
  if (statusTexts.length > 0) expect.status = statusTexts.map((text) => parseStatus(text, usage));
  if (values['expect-body'] !== undefined)
    expect.body = nonEmpty(values['expect-body'], '--expect-body', usage);
  const headers = (values['expect-header'] ?? []).map((text) => parseHeaderEntry(text, usage));
  if (headers.length > 0) expect.headers = headers;
  if (values['expect-version'] !== undefined) {
    expect.version = nonEmpty(values['expect-version'], '--expect-version', usage);
  }
  if (values['version-header'] !== undefined) {
    const name = nonEmpty(values['version-header'], '--version-header', usage).toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name))
      throw usage(`--version-header: '${name}' is not a header name`);
    expect.versionHeader = name;
  }
  if (values['max-latency'] !== undefined) {
    expect.maxLatencyMs = parseDuration(values['max-latency'], `frontdoor ${command}: --max-latency`);
  }
  return expect;
}

function parseCount(text: string, flag: string, minimum: 0 | 1, usage: Usage): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(value) || value < minimum) {
    const kind = minimum === 1 ? 'a positive integer' : 'a non-negative integer';
    throw usage(`${flag}: expected ${kind}, got '${text}'`);
  }
  return value;
}

function parseStatus(text: string, usage: Usage): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\d{3}$/.test(trimmed) || value < 100 || value > 599) {
    throw usage(`--expect-status: expected an HTTP status 100-599, got '${text}'`);
  }
  return value;
}

function parseHeaderEntry(text: string, usage: Usage): { name: string; value: string } {
  const colon = text.indexOf(':');
  const name = (colon < 0 ? '' : text.slice(0, colon)).trim().toLowerCase();
  if (colon < 0 || !isHeaderName(name)) {
    throw usage(`--expect-header: expected NAME:VALUE, got ${JSON.stringify(text)}`);
  }
  const value = text.slice(colon + 1).trim();
  const problem = findHeaderValueProblem(value);
  if (problem !== undefined) throw usage(`--expect-header: header value: ${problem}`);
  return { name, value };
}

/**
 * "shop.test:10.0.0.1", "shop.test:[::1]" and "shop.test:::1" all name one host and one IP address. The host is
 * keyed as URL hosts are matched (toHostKey): "Shop.Test." and "bücher.test" find https://shop.test/ and
 * https://xn--bcher-kva.test/.
 */
function parseResolveEntry(text: string, usage: Usage): [string, string] {
  const colon = text.indexOf(':');
  const host = colon < 0 ? undefined : toHostKey(text.slice(0, colon));
  const address = (colon < 0 ? '' : text.slice(colon + 1)).trim().replace(/^\[(.*)\]$/, '$1');
  if (host === undefined || isIP(address) === 0) {
    throw usage(`--resolve: expected HOST:ADDRESS with an IP address, got ${JSON.stringify(text)}`);
  }
  return [host, address];
}

function nonEmpty(text: string, flag: string, usage: Usage): string {
  if (text.trim() === '') throw usage(`${flag}: expected a value, got an empty string`);
  return text;
}
