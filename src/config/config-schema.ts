import { isIP } from 'node:net';
import { z } from 'zod';
import { isHeaderName } from '../probe/header-syntax.js';
import { toHostKey } from '../probe/host-key.js';
import { alertsSchema } from './alerts-schema.js';
import { apiSchema } from './api-schema.js';
import { headerName, headerValue, requestHeadersSchema } from './header-schema.js';
import { isHostname } from './hostname-syntax.js';
import { checkSiteHttp, httpOfferSchema, httpVersionSchema } from './http-schema.js';
import { readJsonPath } from './json-path.js';
import { maintenanceSchema } from './maintenance-schema.js';
import { modulesSchema } from './modules-schema.js';
import { readHostPort } from './parse-host-port.js';
import type { ParseOutcome } from './parse-outcome.js';
import { readHttpUrl } from './read-http-url.js';
import { AT_KEY, closedObject, durationSchema, parsedString } from './schema-helpers.js';
import { intervalSchema, watchSchema } from './watch-schema.js';

/** RFC 9110 token: what a header name or method may be made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const nonEmpty = z.string().min(1, { error: 'must not be empty' });

/** Lets a section be present but empty (`resolve:` with every entry commented out). */
function optionalList<T extends z.ZodType>(item: T) {
  return z.array(item).nullish();
}

const statusCode = z
  .int({ error: 'expected an HTTP status code such as 200' })
  .min(100, { error: (issue) => `${String(issue.input)} is not an HTTP status code (100-599)` })
  .max(599, { error: (issue) => `${String(issue.input)} is not an HTTP status code (100-599)` });

const duration = durationSchema('timeout');

const hostname = parsedString((text) => {
  const name = text.trim().toLowerCase();
  return isHostname(name) || isIP(name) !== 0
    ? { ok: true, value: name }
    : { ok: false, problem: `'${text}' is not a hostname` };
});

/**
 * The `resolve` map keyed as URL hosts are matched (toHostKey: lower-case, punycode, no trailing dot), so
 * "Shop.Example." and "bücher.example" find their URLs; two keys that become one are refused.
 */
function keyResolveByHost(map: Record<string, string>, ctx: z.RefinementCtx): Record<string, string> {
  // No prototype: a name such as __proto__ must stay a name.
  const keyed = Object.create(null) as Record<string, string>;
  const written = new Map<string, string>();
  for (const [name, address] of Object.entries(map)) {
    const key = toHostKey(name);
    if (key === undefined) {
      ctx.addIssue({ code: 'custom', path: [name], message: `'${name}' is not a hostname`, params: AT_KEY });
      continue;
    }
    const earlier = written.get(key);
    if (earlier !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `'${name}' is the same name as '${earlier}' (names ignore case and a trailing dot)`,
        params: AT_KEY,
      });
      continue;
    }
    written.set(key, name);
    keyed[key] = address;
  }
  return keyed;
}

const requestHeaders = requestHeadersSchema({ refuseHost: true });

/** Expected headers: names compared case-insensitively, so they are lower-cased and must stay distinct. */
const expectedHeaders = z.record(z.string(), headerValue).transform((headers, ctx) => {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (!isHeaderName(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `'${name}' is not a header name`,
        params: AT_KEY,
      });
    } else if (key in lowered) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `header '${key}' is listed twice (names ignore case)`,
        params: AT_KEY,
      });
    }
    lowered[key] = value;
  }
  return lowered;
});

/** The most days a certificate warning can look ahead: ten years is already more than any certificate lasts. */
const MAX_CERT_MIN_DAYS = 3650;

const bodyRegex = parsedString((text): ParseOutcome<string> => {
  try {
    new RegExp(text);
    return { ok: true, value: text };
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : '';
    return { ok: false, problem: `'${text}' is not a regular expression (${why})` };
  }
});

/** JSON path -> expected value; the paths are checked here so a typo fails the load, not every probe. */
const expectedJson = z.record(z.string(), z.unknown()).superRefine((entries, ctx) => {
  for (const [path, value] of Object.entries(entries)) {
    const read = readJsonPath(path);
    if (!read.ok) {
      ctx.addIssue({ code: 'custom', path: [path], message: read.problem, params: AT_KEY });
    } else if (value === undefined) {
      ctx.addIssue({ code: 'custom', path: [path], message: 'expected a value to compare with' });
    }
  }
});

const expectSchema = closedObject({
  status: z
    .union([statusCode, z.array(statusCode).min(1, { error: 'must list at least one status' })], {
      error: 'expected a status code or a list of them, e.g. 200 or [200, 301]',
    })
    .transform((status) => (Array.isArray(status) ? status : [status]))
    .optional(),
  body: z.string().optional(),
  headers: expectedHeaders.optional(),
  version: nonEmpty.optional(),
  version_header: headerName.transform((name) => name.toLowerCase()).optional(),
  max_latency: duration.optional(),
  body_regex: bodyRegex.optional(),
  json: expectedJson.optional(),
  cert_min_days: z
    .int({ error: 'expected a whole number of days such as 14 (0 turns the check off)' })
    .min(0, { error: 'expected 0 or more days' })
    .max(MAX_CERT_MIN_DAYS, { error: `at most ${MAX_CERT_MIN_DAYS} days` })
    .optional(),
  /** the HTTP version the answer must come in: 2 for a site that must negotiate HTTP/2 */
  http_version: httpVersionSchema.optional(),
});

const siteSchema = closedObject({
  environment: nonEmpty.optional(),
  url: parsedString(readHttpUrl).transform((url) => url.href),
  aliases: optionalList(hostname),
  origins: optionalList(nonEmpty),
  method: z
    .string()
    .regex(TOKEN, { error: (issue) => `'${String(issue.input)}' is not an HTTP method` })
    .transform((method) => method.toUpperCase())
    .optional(),
  headers: requestHeaders.optional(),
  allow_insecure_redirect: z.boolean({ error: 'expected true or false' }).optional(),
  request_body: z.string({ error: 'expected the request body as a string' }).optional(),
  edge: z.boolean({ error: 'expected true or false' }).optional(),
  /** the HTTP versions offered in TLS handshakes, in order of preference (default [h2, h1]) */
  http: httpOfferSchema.optional(),
  expect: expectSchema.nullish(),
  /** the watch's interval for this site's targets (`frontdoor serve`); `check` ignores it */
  interval: intervalSchema.optional(),
  catch_all: z.boolean({ error: 'expected true or false' }).optional(),
}).superRefine(checkSiteHttp);

const hostSchema = closedObject({
  /** "443", "127.0.0.1:8443", "[::1]:443" or "unix:/path" -> the process expected to hold it */
  listeners: z.record(z.string(), nonEmpty).nullish(),
  nginx_config: nonEmpty.optional(),
  state_dir: nonEmpty.optional(),
  /** the origin (a key of `origins`) `frontdoor agent` speaks for on this host */
  origin: nonEmpty.optional(),
});

/** The v1 sections and their additions, shared by `check` and `serve`. */
const v1Shape = {
  /** `alerts` names a policy: `page`, `quiet` or one of `alerts.policies` (checked with the references) */
  environments: z.record(z.string(), closedObject({ alerts: nonEmpty })).nullish(),
  origins: z.record(z.string(), parsedString(readHostPort)).nullish(),
  resolve: z
    .record(
      z.string(),
      parsedString((text) => {
        const address = text.trim().replace(/^\[(.*)\]$/, '$1');
        return isIP(address) !== 0
          ? { ok: true, value: address }
          : { ok: false, problem: `'${text}' is not an IP address` };
      }),
    )
    .transform(keyResolveByHost)
    .nullish(),
  sites: z.record(z.string(), siteSchema).nullish(),
  host: hostSchema.nullish(),
  ca: z
    .union([nonEmpty, z.array(nonEmpty)], { error: 'expected a CA file path or a list of them' })
    .transform((ca) => (Array.isArray(ca) ? ca : [ca]))
    .optional(),
  /** blackbox_exporter modules for `GET /probe` (modules-schema.ts) */
  modules: modulesSchema.nullish(),
  /** the default for every site's `catch_all` */
  catch_all: z.boolean({ error: 'expected true or false' }).optional(),
};

/**
 * The configuration file as `check` reads it (DESIGN.md v1 plus additions), with leaves already checked
 * and converted: durations in ms, origins as host/port, URLs normalised. Cross-references are checked
 * after. The daemon's sections (DAEMON_SECTIONS, daemon-sections.ts) are taken out before this schema sees
 * the file, so `check` keeps working whatever they say.
 */
export const configSchema = closedObject(v1Shape, ['watch', 'alerts', 'maintenance', 'api']);

/** The whole file as `frontdoor serve` reads it: the v1 sections plus the daemon's. */
export const serveConfigSchema = closedObject({
  ...v1Shape,
  watch: watchSchema.nullish(),
  alerts: alertsSchema.nullish(),
  maintenance: maintenanceSchema.nullish(),
  /** who may call `frontdoor serve`'s HTTP surface (api-schema.ts) */
  api: apiSchema.nullish(),
});

/**
 * The file as validated, for either reader: `check`'s output is the same with the daemon's sections
 * absent, so one type serves both (and cross-checks such as api.tokens' see an empty section under check).
 */
export type RawConfig = z.output<typeof serveConfigSchema>;
