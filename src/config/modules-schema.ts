import { z } from 'zod';
import { headerName, requestHeadersSchema } from './header-schema.js';
import { readDuration } from './parse-duration.js';
import { readGoRegexp } from './read-go-regexp.js';
import { describeUnknownKey, parsedString } from './schema-helpers.js';

/**
 * The `modules:` section: blackbox_exporter's own module shape, so a blackbox.yml's `modules:` can be pasted
 * as it is. Keys blackbox knows and frontdoor cannot honour are refused with what to do instead; other
 * unknown keys get the usual "did you mean".
 */

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A strict object whose unknown keys are explained: blackbox options frontdoor lacks, or typos. */
function blackboxObject<T extends z.core.$ZodLooseShape>(
  shape: T,
  unsupported: Readonly<Record<string, string>>,
) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const key = issue.keys[0] ?? '';
      const hint = Object.hasOwn(unsupported, key) ? unsupported[key] : undefined;
      if (hint !== undefined) {
        return `'${key}' is a blackbox_exporter option frontdoor does not support${hint === '' ? '' : `: ${hint}`}`;
      }
      return describeUnknownKey(key, known);
    },
  });
}

const OTHER_PROBERS = 'frontdoor probes http only; use blackbox_exporter for this module';

const TLS_UNSUPPORTED: Record<string, string> = {
  cert_file: 'client certificates are not sent',
  key_file: 'client certificates are not sent',
  cert: 'client certificates are not sent',
  key: 'client certificates are not sent',
  ca: 'put the CA in a file and name it with ca_file',
  min_version: '',
  max_version: '',
};

const HTTP_UNSUPPORTED: Record<string, string> = {
  compression: 'responses are read as sent; leave Accept-Encoding out of the headers',
  body_size_limit: 'bodies are read up to 1 MiB',
  basic_auth: 'send an Authorization header under headers instead',
  authorization: 'send an Authorization header under headers instead',
  bearer_token: 'send an Authorization header under headers instead',
  bearer_token_file: 'send an Authorization header under headers instead',
  oauth2: '',
  http_headers: 'list the headers under headers',
  body_file: 'put the body under body',
  proxy_url: 'frontdoor connects to targets directly',
  no_proxy: 'frontdoor connects to targets directly',
  proxy_from_environment: 'frontdoor connects to targets directly',
  proxy_connect_header: 'frontdoor connects to targets directly',
  skip_resolve_phase_with_proxy: 'frontdoor connects to targets directly',
  enable_http3: 'frontdoor speaks HTTP/1.1 and HTTP/2 over TCP',
  fail_if_body_json_matches_cel: 'use fail_if_body_matches_regexp',
  fail_if_body_json_not_matches_cel: 'use fail_if_body_not_matches_regexp',
  follow_redirect: "the key is 'follow_redirects'",
};

const MODULE_UNSUPPORTED: Record<string, string> = {
  tcp: OTHER_PROBERS,
  dns: OTHER_PROBERS,
  icmp: OTHER_PROBERS,
  grpc: OTHER_PROBERS,
  unix: OTHER_PROBERS,
  websocket: OTHER_PROBERS,
};

const regexp = parsedString(readGoRegexp);

const statusCode = z
  .int({ error: 'expected an HTTP status code such as 200' })
  .min(100, { error: (issue) => `${String(issue.input)} is not an HTTP status code (100-599)` })
  .max(599, { error: (issue) => `${String(issue.input)} is not an HTTP status code (100-599)` });

// blackbox modules may set Host themselves (probing one name at another's address).
const requestHeaders = requestHeadersSchema({ refuseHost: false });

const headerMatch = blackboxObject(
  {
    header: headerName,
    regexp,
    allow_missing: z.boolean().optional(),
  },
  {},
);

const tlsConfig = blackboxObject(
  {
    insecure_skip_verify: z.boolean().optional(),
    ca_file: z.string().min(1, { error: 'must not be empty' }).optional(),
    server_name: z.string().min(1, { error: 'must not be empty' }).optional(),
  },
  TLS_UNSUPPORTED,
);

const httpProbe = blackboxObject(
  {
    valid_status_codes: z.array(statusCode).nullish(),
    valid_http_versions: z
      .array(
        z
          .string()
          .regex(/^HTTP\/\d(\.\d)?$/, { error: (issue) => `'${String(issue.input)}' is not like HTTP/1.1` }),
      )
      .nullish(),
    method: z
      .string()
      .regex(TOKEN, { error: (issue) => `'${String(issue.input)}' is not an HTTP method` })
      .transform((method) => method.toUpperCase())
      .optional(),
    headers: requestHeaders.nullish(),
    body: z.string().optional(),
    fail_if_ssl: z.boolean().optional(),
    fail_if_not_ssl: z.boolean().optional(),
    fail_if_body_matches_regexp: z.array(regexp).nullish(),
    fail_if_body_not_matches_regexp: z.array(regexp).nullish(),
    fail_if_header_matches: z.array(headerMatch).nullish(),
    fail_if_header_not_matches: z.array(headerMatch).nullish(),
    preferred_ip_protocol: z.enum(['ip4', 'ip6']).optional(),
    ip_protocol_fallback: z.boolean().optional(),
    follow_redirects: z.boolean().optional(),
    no_follow_redirects: z.boolean().optional(),
    enable_http2: z.boolean({ error: 'expected true or false' }).optional(),
    tls_config: tlsConfig.nullish(),
  },
  HTTP_UNSUPPORTED,
);

/** blackbox's Go durations ("5s", "1m30s", "500ms"). */
const moduleTimeout = z
  .union([z.number(), z.string()], { error: 'expected a duration such as 5s' })
  .transform((value, ctx) => {
    const outcome = readDuration(String(value));
    if (outcome.ok) return outcome.value;
    ctx.addIssue({ code: 'custom', message: outcome.problem, input: value });
    return z.NEVER;
  });

const probeModule = blackboxObject(
  {
    prober: z.string().refine((prober) => prober === 'http', {
      error: (issue) => `prober '${String(issue.input)}' is not supported: ${OTHER_PROBERS}`,
    }),
    timeout: moduleTimeout.optional(),
    http: httpProbe.nullish(),
  },
  MODULE_UNSUPPORTED,
);

/** `modules:` name -> module, as in blackbox.yml. */
export const modulesSchema = z.record(z.string(), probeModule);

export type RawModules = z.output<typeof modulesSchema>;
export type RawModule = RawModules[string];
