import type { FixedAnswers } from '../probe/fixed-answers.js';
import type { HttpOffer } from '../probe/http-offer.js';
import type { ConnectTo } from '../probe/observation.js';
import type { JsonPathStep } from './json-path.js';

/** One `expect.json` entry: the path as written, its parsed steps, and the value expected there. */
export interface JsonExpectation {
  path: string;
  steps: JsonPathStep[];
  value: unknown;
}

/** A regular expression an answer is held to (blackbox modules' fail_if_*_regexp), kept as data. */
export interface PatternExpectation {
  /** as the user wrote it, for evidence */
  shown: string;
  /** JavaScript source and flags (compiled where matched) */
  source: string;
  flags: string;
  /** `match`: the answer fails unless it matches; `no_match`: it fails if it matches */
  must: 'match' | 'no_match';
}

export interface HeaderPatternExpectation extends PatternExpectation {
  /** lower-cased header name; each of a repeated header's values is tried */
  name: string;
  /** a missing header passes instead of failing */
  allowMissing: boolean;
}

/** What a result must satisfy; absent fields are not checked. */
export interface Expectations {
  /** acceptable statuses; default [200..399] is applied by diagnosis when absent */
  status?: number[];
  /** substring the body must contain */
  body?: string;
  /** headers that must be present with these exact values (names lower-cased) */
  headers?: Array<{ name: string; value: string }>;
  /** expected version marker, read from versionHeader */
  version?: string;
  versionHeader: string;
  maxLatencyMs?: number;
  /** regular expressions over the body */
  bodyPatterns?: PatternExpectation[];
  /** regular expressions over header values */
  headerPatterns?: HeaderPatternExpectation[];
  /** true: the final answer must come over TLS; false: it must not */
  tls?: boolean;
  /** acceptable HTTP versions of the answer, as in its status line ("HTTP/1.1"; HTTP/2 is "HTTP/2.0") */
  httpVersions?: string[];
  /** values the body, read as JSON, must hold at these paths */
  json?: JsonExpectation[];
  /** days a certificate must still be valid for; default DEFAULT_CERT_MIN_DAYS, 0 turns the check off */
  certMinDays?: number;
}

/**
 * One thing to probe: a URL, either through the edge (normal DNS) or pinned to one origin.
 * `id` is unique and stable across runs (site, hostname, path, origin: target-identity.ts) and keys
 * everything that outlives one result; `name` is the human label used in reports ("shop.example.com via
 * web1"), unique within a run.
 */
export interface Target {
  id: string;
  name: string;
  url: string;
  hostname: string;
  /** 'edge' for a site's public path, 'dns' for a URL from the command line, otherwise the origin's name */
  via: string;
  site?: string;
  environment?: string;
  /** alert policy of the environment ('page' | 'quiet'), carried for later use by the daemon */
  alerts?: string;
  origin?: string;
  connectTo?: ConnectTo;
  /** fixed DNS answers; one map shared by every target of a configuration */
  resolve?: FixedAnswers;
  /** false: never compare with its door's catch-all answer (`catch_all: false` for the site or the file) */
  catchAll?: boolean;
  method: string;
  headers: Record<string, string>;
  /** following a redirect from https to plain http is allowed (allow_insecure_redirect) */
  allowInsecureRedirect?: boolean;
  /** request body, sent with a Content-Length */
  body?: string;
  /** the HTTP versions offered in TLS handshakes (ALPN), in order; absent: h2, then HTTP/1.1 */
  http?: HttpOffer;
  expect: Expectations;
}
