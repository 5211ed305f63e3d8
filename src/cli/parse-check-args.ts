import { isIP } from 'node:net';
import type { ExpectationOverrides } from '../check/apply-expectations.js';
import type { RequestOverrides } from '../check/apply-request.js';
import { readJsonPath } from '../config/json-path.js';
import { parseDuration } from '../config/parse-duration.js';
import { parseHostPort } from '../config/parse-host-port.js';
import type { JsonExpectation } from '../config/target.js';
import { FrontdoorError } from '../errors.js';
import { findHeaderValueProblem, isHeaderName } from '../probe/header-syntax.js';
import { toHostKey } from '../probe/host-key.js';
import { HTTP1_ONLY, HTTP2_ONLY } from '../probe/http-offer.js';
import type { ConnectTo } from '../probe/observation.js';
import { parseTargetUrl } from '../probe/parse-target-url.js';
import { parseFlags } from './parse-flags.js';

export const DEFAULT_CONCURRENCY = 16;

/**
 * Bursts start every request at once, each on its own socket; beyond this a typo (--burst 100000000) would
 * exhaust memory and file descriptors instead of probing anything, so it is refused as bad usage.
 */
export const MAX_BURST = 1_000;

/** RFC 9110 token: what a method or header name may be made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

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
  /** --method, --header and --request-body: laid over every target's request */
  request: RequestOverrides;
  caFiles: string[];
  insecure: boolean;
  timeoutMs?: number;
  /** --max-body: bytes of each response body read (default 1 MiB) */
  maxBodyBytes?: number;
  follow: number;
  /** --allow-insecure-redirect: every target may follow a redirect from https to plain http */
  allowInsecureRedirect: boolean;
  concurrency: number;
  /** false with --no-catch-all: no target is compared with its door's catch-all answer */
  catchAll: boolean;
  json: boolean;
  /** -v: the evidence under each failing row of the table */
  verbose: boolean;
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
  'expect-body-regex': { type: 'string' },
  'expect-json': { type: 'string', multiple: true },
  'cert-min-days': { type: 'string' },
  method: { type: 'string' },
  header: { type: 'string', multiple: true },
  'request-body': { type: 'string' },
  'http1.1': { type: 'boolean' },
  http2: { type: 'boolean' },
  'max-body': { type: 'string' },
  ca: { type: 'string', multiple: true },
  insecure: { type: 'boolean' },
  timeout: { type: 'string' },
  follow: { type: 'string' },
  'allow-insecure-redirect': { type: 'boolean' },
  concurrency: { type: 'string' },
  'no-catch-all': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
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
    request: {},
    caFiles: values.ca ?? [],
    insecure: values.insecure === true,
    follow: 0,
    allowInsecureRedirect: values['allow-insecure-redirect'] === true,
    concurrency: DEFAULT_CONCURRENCY,
    catchAll: values['no-catch-all'] !== true,
    json: values.json === true,
    verbose: values.verbose === true,
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
  if (values['max-body'] !== undefined)
    args.maxBodyBytes = parseByteSize(values['max-body'], '--max-body', usage);
  args.expect = parseExpectations(command, values, usage);
  args.request = parseRequest(values, usage);
  return args;
}

/** Bodies are read whole into memory for the content checks, so the cap has a ceiling too. */
export const MAX_BODY_CAP = 64 * 1_048_576;

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1_024,
  kib: 1_024,
  m: 1_048_576,
  mib: 1_048_576,
};

/** "1MiB", "512KiB", "64k", "2048": a body cap in bytes (binary units), 1 byte to 64 MiB. */
function parseByteSize(text: string, flag: string, usage: Usage): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const factor = match === null ? undefined : BYTE_UNITS[(match[2] ?? '').toLowerCase()];
  const bytes = match === null || factor === undefined ? Number.NaN : Math.floor(Number(match[1]) * factor);
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw usage(`${flag}: expected a size such as 1MiB, 512KiB or 65536 (bytes), got '${text}'`);
  }
  if (bytes > MAX_BODY_CAP) throw usage(`${flag}: at most 64MiB, got '${text}'`);
  return bytes;
}

/** "GET", "Authorization: Bearer x", a body: the request every target sends, when given. */
function parseRequest(
  values: {
    method?: string;
    header?: string[];
    'request-body'?: string;
    'http1.1'?: boolean;
    http2?: boolean;
  },
  usage: Usage,
): RequestOverrides {
  const request: RequestOverrides = {};
  if (values['http1.1'] === true && values.http2 === true) {
    throw usage('--http1.1 and --http2 each force one version: give one of them');
  }
  if (values['http1.1'] === true) request.http = HTTP1_ONLY;
  if (values.http2 === true) request.http = HTTP2_ONLY;
  if (values.method !== undefined) {
    const method = values.method.trim().toUpperCase();
    if (!TOKEN.test(method)) throw usage(`--method: '${values.method}' is not an HTTP method`);
    request.method = method;
  }
  for (const text of values.header ?? []) {
    const colon = text.indexOf(':');
    const name = (colon < 0 ? '' : text.slice(0, colon)).trim();
    const value = text.slice(colon + 1).trim();
    if (colon < 0 || !TOKEN.test(name)) throw usage(`--header: expected 'Name: value', got '${text}'`);
    if (/[\r\n\0]/.test(value)) throw usage(`--header: the value of ${name} must not contain line breaks`);
    if (name.toLowerCase() === 'host') {
      throw usage('--header: the Host header comes from the URL; give the URL with the hostname instead');
    }
    request.headers = { ...request.headers, [name]: value };
  }
  if (values['request-body'] !== undefined) request.body = values['request-body'];
  return request;
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
    'expect-body-regex'?: string;
    'expect-json'?: string[];
    'cert-min-days'?: string;
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
  if (values['expect-body-regex'] !== undefined) {
    const pattern = nonEmpty(values['expect-body-regex'], '--expect-body-regex', usage);
    try {
      new RegExp(pattern);
    } catch (error) {
      throw usage(
        `--expect-body-regex: '${pattern}' is not a regular expression (${(error as Error).message})`,
      );
    }
    expect.bodyPatterns = [{ shown: pattern, source: pattern, flags: '', must: 'match' }];
  }
  const json = (values['expect-json'] ?? []).map((text) => parseJsonEntry(text, usage));
  if (json.length > 0) expect.json = json;
  if (values['cert-min-days'] !== undefined) {
    expect.certMinDays = parseCount(values['cert-min-days'], '--cert-min-days', 0, usage);
  }
  return expect;
}

/**
 * "$.status=ok", "$.count=3", "$.ok=true": a JSON path and the value expected there. The value is read as
 * JSON when it is JSON (numbers, true, false, null, quoted strings, objects) and as a plain string otherwise.
 */
function parseJsonEntry(text: string, usage: Usage): JsonExpectation {
  const equals = text.indexOf('=');
  const path = (equals < 0 ? '' : text.slice(0, equals)).trim();
  if (equals < 0) throw usage(`--expect-json: expected PATH=VALUE such as '$.status=ok', got '${text}'`);
  const read = readJsonPath(path);
  if (!read.ok) throw usage(`--expect-json: ${read.problem}`);
  const raw = text.slice(equals + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // not JSON: the plain string it says
  }
  return { path, steps: read.value, value };
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
