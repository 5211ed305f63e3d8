import { isIP } from 'node:net';
import { findHeaderValueProblem } from '../probe/header-syntax.js';
import { toHostKey } from '../probe/host-key.js';
import type { RawConfig } from './config-schema.js';
import { DAEMON_SECTIONS } from './daemon-sections.js';
import { isHostname } from './hostname-syntax.js';
import { readDuration } from './parse-duration.js';
import { readHostPort } from './parse-host-port.js';
import type { ParseOutcome } from './parse-outcome.js';
import { readHttpUrl } from './read-http-url.js';

/**
 * What config-schema.ts (zod) makes of a valid configuration, without loading zod: ~35 ms of a one-site
 * run's CPU, and ~30 us per site. It knows the keys the schema had when it was written and accepts only
 * input the schema accepts, giving the same output; at the first key it does not know or value it would
 * refuse it answers undefined, and the file goes through the schema, which also words every error. So a
 * key added to the schema and not here costs that file the fast path, never its meaning; a test compares
 * both on every configuration the suite has and on generated ones.
 */
class NotSimple extends Error {}

type Plain = Record<string, unknown>;
type RawSite = NonNullable<RawConfig['sites']>[string];
type RawExpect = NonNullable<RawSite['expect']>;

/** RFC 9110 token, as config-schema.ts checks header names and methods. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function fail(): never {
  throw new NotSimple();
}

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A closed object: only known keys, each read by its reader, the `required` ones present; absent keys stay absent. */
function readObject(
  value: unknown,
  readers: Record<string, (value: unknown) => unknown>,
  required: readonly string[] = [],
): Plain {
  if (!isPlainObject(value)) fail();
  const out: Plain = {};
  for (const [key, item] of Object.entries(value)) {
    const read = Object.hasOwn(readers, key) ? readers[key] : undefined;
    if (read === undefined) fail();
    out[key] = read(item);
  }
  for (const key of required) if (!Object.hasOwn(out, key)) fail();
  return out;
}

function readRecord<T>(value: unknown, read: (item: unknown, key: string) => T): Record<string, T> {
  if (!isPlainObject(value)) fail();
  const out: Record<string, T> = {};
  for (const [key, item] of Object.entries(value)) out[key] = read(item, key);
  return out;
}

/** `.nullish()`: null stays null; undefined never reaches a reader (absent keys are not iterated). */
function nullish<T>(read: (value: unknown) => T): (value: unknown) => T | null {
  return (value) => (value === null ? null : read(value));
}

function nonEmpty(value: unknown): string {
  return typeof value === 'string' && value.length > 0 ? value : fail();
}

function parsed<T>(read: (text: string) => ParseOutcome<T>): (value: unknown) => T {
  return (value) => {
    if (typeof value !== 'string') fail();
    const outcome = read(value);
    return outcome.ok ? outcome.value : fail();
  };
}

function readList<T>(read: (value: unknown) => T): (value: unknown) => T[] {
  return (value) => (Array.isArray(value) ? value.map(read) : fail());
}

const readAddress = parsed((text): ParseOutcome<string> => {
  const address = text.trim().replace(/^\[(.*)\]$/, '$1');
  return isIP(address) !== 0 ? { ok: true, value: address } : { ok: false, problem: '' };
});

const readAlias = parsed((text): ParseOutcome<string> => {
  const name = text.trim().toLowerCase();
  return isHostname(name) || isIP(name) !== 0 ? { ok: true, value: name } : { ok: false, problem: '' };
});

function readStatus(value: unknown): number[] {
  const one = (item: unknown): number =>
    typeof item === 'number' && Number.isSafeInteger(item) && item >= 100 && item <= 599 ? item : fail();
  if (!Array.isArray(value)) return [one(value)];
  return value.length > 0 ? value.map(one) : fail();
}

function readDurationValue(value: unknown): number {
  if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string') fail();
  const outcome = readDuration(String(value));
  return outcome.ok ? outcome.value : fail();
}

function readHeaderValue(value: unknown): string {
  if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string') fail();
  const text = String(value);
  return findHeaderValueProblem(text) === undefined ? text : fail();
}

/** The `resolve` map keyed as URL hosts are matched (toHostKey); a name that is none, or a repeat, fails. */
function readResolve(value: unknown): Record<string, string> {
  const keyed = Object.create(null) as Record<string, string>;
  for (const [name, address] of Object.entries(readRecord(value, readAddress))) {
    const key = toHostKey(name);
    if (key === undefined || Object.hasOwn(keyed, key)) fail();
    keyed[key] = address;
  }
  return keyed;
}

function readBodyRegex(value: unknown): string {
  if (typeof value !== 'string') fail();
  try {
    new RegExp(value);
  } catch {
    fail();
  }
  return value;
}

function readRequestHeaders(value: unknown): Record<string, string> {
  return readRecord(value, (item, name) =>
    TOKEN.test(name) && name.toLowerCase() !== 'host' ? readHeaderValue(item) : fail(),
  );
}

function readExpectedHeaders(value: unknown): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, item] of Object.entries(readRecord(value, readHeaderValue))) {
    const key = name.toLowerCase();
    if (!TOKEN.test(name) || Object.hasOwn(lowered, key)) fail();
    lowered[key] = item;
  }
  return lowered;
}

function readToken(value: unknown): string {
  return typeof value === 'string' && TOKEN.test(value) ? value : fail();
}

function readBoolean(value: unknown): boolean {
  return typeof value === 'boolean' ? value : fail();
}

function readExpect(value: unknown): RawExpect {
  return readObject(value, {
    status: readStatus,
    body: (item) => (typeof item === 'string' ? item : fail()),
    headers: readExpectedHeaders,
    version: nonEmpty,
    version_header: (item) => readToken(item).toLowerCase(),
    max_latency: readDurationValue,
    body_regex: readBodyRegex,
  }) as RawExpect;
}

function readSite(value: unknown): RawSite {
  return readObject(
    value,
    {
      environment: nonEmpty,
      url: (item) => parsed(readHttpUrl)(item).href,
      aliases: nullish(readList(readAlias)),
      origins: nullish(readList(nonEmpty)),
      method: (item) => readToken(item).toUpperCase(),
      headers: readRequestHeaders,
      allow_insecure_redirect: readBoolean,
      request_body: (item) => (typeof item === 'string' ? item : fail()),
      edge: readBoolean,
      expect: nullish(readExpect),
      catch_all: readBoolean,
    },
    ['url'],
  ) as RawSite;
}

function readHost(value: unknown): NonNullable<RawConfig['host']> {
  return readObject(value, {
    listeners: nullish((item) => readRecord(item, nonEmpty)),
    nginx_config: nonEmpty,
    state_dir: nonEmpty,
  }) as NonNullable<RawConfig['host']>;
}

const TOP_LEVEL: Record<string, (value: unknown) => unknown> = {
  environments: nullish((value) =>
    readRecord(value, (item) => readObject(item, { alerts: nonEmpty }, ['alerts'])),
  ),
  origins: nullish((value) => readRecord(value, parsed(readHostPort))),
  resolve: nullish(readResolve),
  sites: nullish((value) => readRecord(value, readSite)),
  host: nullish(readHost),
  ca: (value) => (Array.isArray(value) ? readList(nonEmpty)(value) : [nonEmpty(value)]),
  catch_all: readBoolean,
};

/**
 * The schema's output for `plain` (a parsed YAML document), when the schema would accept it and every key
 * is one this reader knows; undefined otherwise. Top-level `x-` keys and the daemon's sections are dropped,
 * as parseConfig does for `check`, whatever they hold.
 */
export function readSimpleConfig(plain: Plain): RawConfig | undefined {
  try {
    const out: Plain = {};
    for (const [key, value] of Object.entries(plain)) {
      if (key.startsWith('x-') || (DAEMON_SECTIONS as readonly string[]).includes(key)) continue;
      const read = Object.hasOwn(TOP_LEVEL, key) ? TOP_LEVEL[key] : undefined;
      if (read === undefined) return undefined;
      out[key] = read(value);
    }
    return out as RawConfig;
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}
