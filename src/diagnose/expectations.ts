import { formatJsonPath, selectJsonPath } from '../config/json-path.js';
import type {
  Expectations,
  HeaderPatternExpectation,
  JsonExpectation,
  PatternExpectation,
  Target,
} from '../config/target.js';
import type { HttpObservation } from '../probe/observation.js';
import { formatStatus, quote, readHeader } from './response-facts.js';

/** Without a configured status list any 2xx or 3xx is acceptable (DESIGN.md). */
export function isAcceptableStatus(expect: Expectations, status: number): boolean {
  if (expect.status === undefined || expect.status.length === 0) return status >= 200 && status <= 399;
  return expect.status.includes(status);
}

/** "200-399", "200 or 204", "200-299 or 301": runs of consecutive codes read as ranges. */
export function describeAcceptableStatus(expect: Expectations): string {
  if (expect.status === undefined || expect.status.length === 0) return '200-399';
  const sorted = [...new Set(expect.status)].sort((a, b) => a - b);
  const runs: string[] = [];
  let start = sorted[0] as number;
  sorted.forEach((code, index) => {
    const next = sorted[index + 1];
    if (next === code + 1) return;
    runs.push(code - start >= 2 ? `${start}-${code}` : code === start ? `${code}` : `${start} or ${code}`);
    if (next !== undefined) start = next;
  });
  return runs.join(' or ');
}

export type UnmetKind =
  | 'status'
  | 'body'
  | 'header'
  | 'version'
  | 'body_pattern'
  | 'header_pattern'
  | 'http_version'
  | 'protocol';

export interface UnmetExpectation {
  kind: UnmetKind;
  /** one evidence line */
  evidence: string;
}

/**
 * The body's content coding when it is not the identity: the probe reads bodies as sent (it asks for identity
 * unless a site sets its own Accept-Encoding), so a coded body cannot be compared with expected text.
 */
export function readContentEncoding(http: HttpObservation): string | undefined {
  const coding = readHeader(http, 'content-encoding')?.trim();
  return coding === undefined || coding === '' || coding.toLowerCase() === 'identity' ? undefined : coding;
}

/** The version marker as served, from the target's version header. */
export function readVersion(target: Target, http: HttpObservation): string | undefined {
  return readHeader(http, target.expect.versionHeader);
}

/** A value as the evidence shows it: JSON, shortened. */
function showJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Whether two JSON values are the same value (objects and arrays compared member by member). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** One line per `expect.json` entry the body does not hold: what was expected, and what was there. */
function findUnmetJson(entries: readonly JsonExpectation[], http: HttpObservation): UnmetExpectation[] {
  let document: unknown;
  try {
    document = JSON.parse(http.body);
  } catch (error) {
    const why = error instanceof Error ? error.message : 'not JSON';
    const cut = http.bodyTruncated ? `; only the first ${http.body.length} characters were read` : '';
    const first = entries[0];
    const wanted = first === undefined ? '' : `, expected ${first.path} = ${showJson(first.value)}`;
    return [{ kind: 'body', evidence: `body is not JSON (${why}${cut})${wanted}` }];
  }
  const unmet: UnmetExpectation[] = [];
  for (const entry of entries) {
    const found = selectJsonPath(document, entry.steps);
    if (!found.found) {
      const missing = formatJsonPath(entry.steps.slice(0, found.at + 1));
      unmet.push({
        kind: 'body',
        evidence: `json ${entry.path} is missing (the body has nothing at ${missing}), expected ${showJson(entry.value)}`,
      });
    } else if (!sameJson(found.value, entry.value)) {
      unmet.push({
        kind: 'body',
        evidence: `json ${entry.path} is ${showJson(found.value)}, expected ${showJson(entry.value)}`,
      });
    }
  }
  return unmet;
}

/**
 * Every expectation of the target this response does not meet, in a fixed order: status, body, headers,
 * version, body patterns, header patterns, HTTP version, protocol (TLS or not). The TLS expectation is checked only when `secure`
 * (whether the answer came over TLS) is given.
 */
export function findUnmetExpectations(
  target: Target,
  http: HttpObservation,
  secure?: boolean,
): UnmetExpectation[] {
  const { expect } = target;
  const unmet: UnmetExpectation[] = [];
  if (!isAcceptableStatus(expect, http.status)) {
    unmet.push({
      kind: 'status',
      evidence: `status ${formatStatus(http)}, expected ${describeAcceptableStatus(expect)}`,
    });
  }
  if (expect.body !== undefined && !http.body.includes(expect.body)) {
    const cut = http.bodyTruncated ? ` (first ${http.body.length} characters read)` : '';
    const encoding = readContentEncoding(http);
    const encoded = encoding === undefined ? '' : `, sent with content-encoding: ${encoding}, not decoded`;
    unmet.push({
      kind: 'body',
      evidence: `body (${http.bodyBytes} bytes${cut}${encoded}) does not contain ${quote(expect.body)}`,
    });
  }
  if (expect.json !== undefined && expect.json.length > 0) unmet.push(...findUnmetJson(expect.json, http));
  for (const { name, value } of expect.headers ?? []) {
    const served = readHeader(http, name);
    if (served === value) continue;
    unmet.push({
      kind: 'header',
      evidence:
        served === undefined
          ? `no ${name} header, expected ${quote(value)}`
          : `${name}: ${quote(served)}, expected ${quote(value)}`,
    });
  }
  if (expect.version !== undefined) {
    const served = readVersion(target, http);
    if (served !== expect.version) {
      unmet.push({
        kind: 'version',
        evidence:
          served === undefined
            ? `no ${expect.versionHeader} header, expected version ${expect.version}`
            : `${expect.versionHeader}: ${served}, expected ${expect.version}`,
      });
    }
  }
  for (const pattern of expect.bodyPatterns ?? []) {
    const evidence = checkBodyPattern(http, pattern);
    if (evidence !== undefined) unmet.push({ kind: 'body_pattern', evidence });
  }
  for (const pattern of expect.headerPatterns ?? []) {
    const evidence = checkHeaderPattern(http, pattern);
    if (evidence !== undefined) unmet.push({ kind: 'header_pattern', evidence });
  }
  if (expect.httpVersions !== undefined && expect.httpVersions.length > 0) {
    const version = `HTTP/${http.httpVersion}`;
    if (!expect.httpVersions.includes(version)) {
      unmet.push({
        kind: 'http_version',
        evidence: `answered over ${version}, expected ${expect.httpVersions.join(' or ')}`,
      });
    }
  }
  if (expect.tls !== undefined && secure !== undefined && expect.tls !== secure) {
    unmet.push({
      kind: 'protocol',
      evidence: secure ? 'answered over TLS, expected plain HTTP' : 'answered over plain HTTP, expected TLS',
    });
  }
  return unmet;
}

function compile(pattern: PatternExpectation): RegExp {
  return new RegExp(pattern.source, pattern.flags);
}

function checkBodyPattern(http: HttpObservation, pattern: PatternExpectation): string | undefined {
  const matched = compile(pattern).test(http.body);
  if (matched === (pattern.must === 'match')) return undefined;
  const cut = http.bodyTruncated ? ` (first ${http.body.length} characters read)` : '';
  const encoding = readContentEncoding(http);
  const encoded = encoding === undefined ? '' : `, sent with content-encoding: ${encoding}, not decoded`;
  return matched
    ? `body matches /${pattern.shown}/${cut}`
    : `body (${http.bodyBytes} bytes${cut}${encoded}) does not match /${pattern.shown}/`;
}

function checkHeaderPattern(http: HttpObservation, pattern: HeaderPatternExpectation): string | undefined {
  const raw = http.headers[pattern.name];
  // The probe joins a repeated header's lines with ", " (set-cookie excepted), so a pattern sees them joined.
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (values.length === 0)
    return pattern.allowMissing
      ? undefined
      : `no ${pattern.name} header, expected one matching /${pattern.shown}/`;
  const regexp = compile(pattern);
  const matching = values.find((value) => regexp.test(value));
  if (pattern.must === 'no_match') {
    return matching === undefined
      ? undefined
      : `${pattern.name}: ${quote(matching)} matches /${pattern.shown}/`;
  }
  return matching !== undefined
    ? undefined
    : `${pattern.name}: ${quote(values.join(', '))} does not match /${pattern.shown}/`;
}
