import type { HttpParseError } from './http-parse-error.js';

/** Node's default --max-http-header-size: a head larger than this is refused, as Node's client did. */
export const MAX_HEAD_BYTES = 16 * 1024;

/** A parsed status line and header section. */
export interface ResponseHead {
  httpVersion: string;
  status: number;
  statusText: string;
  /** [name, value, name, value, ...] as received (values trimmed), like Node's rawHeaders */
  rawHeaders: string[];
}

export type HeadParse =
  | { state: 'incomplete' }
  | { state: 'complete'; head: ResponseHead; bodyStart: number }
  | { state: 'error'; error: HttpParseError };

const INCOMPLETE: HeadParse = { state: 'incomplete' };
const HTTP_PREFIX = Buffer.from('HTTP/', 'latin1');
const LF = 10;
const CR = 13;
const STATUS_LINE = /^HTTP\/(\d)\.(\d) (\d{3})(?: (.*))?$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether `text` holds a control character other than HT: refused in a reason phrase and in field values. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code < 32 && code !== 9) || code === 127) return true;
  }
  return false;
}

/** The value after `from` without leading and trailing SP/HT (String#trim would also eat latin1 NBSP). */
function trimWhitespace(line: string, from: number): string {
  let start = from;
  let end = line.length;
  while (start < end && (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9)) start += 1;
  while (end > start && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end -= 1;
  return line.slice(start, end);
}

function fail(code: HttpParseError['code'], detail: string): HeadParse {
  return { state: 'error', error: { code, detail } };
}

/**
 * Where the head in `buffer` ends (the index after its empty line), -1 while it is incomplete, or -2 when a
 * line ends in a bare LF. Only CRLF ends a line: llhttp's strict mode, which Node's client used, agrees.
 */
function findHeadEnd(buffer: Buffer): number {
  let lineStart = 0;
  let at = buffer.indexOf(LF);
  while (at !== -1) {
    if (at === 0 || buffer[at - 1] !== CR) return -2;
    if (at - 1 === lineStart) return at + 1;
    lineStart = at + 1;
    at = buffer.indexOf(LF, lineStart);
  }
  return -1;
}

function parseStatusLine(line: string): ResponseHead | HeadParse {
  if (!line.startsWith('HTTP/')) return fail('HPE_INVALID_CONSTANT', 'response does not start with HTTP/');
  const match = STATUS_LINE.exec(line);
  if (match === null) {
    const version = /^HTTP\/\d\.\d /.test(line);
    return version
      ? fail('HPE_INVALID_STATUS', 'invalid response status line')
      : fail('HPE_INVALID_VERSION', 'invalid HTTP version in the status line');
  }
  if (hasControlCharacter(match[4] ?? ''))
    return fail('HPE_INVALID_STATUS', 'control character in the reason phrase');
  if (match[1] !== '1')
    return fail('HPE_INVALID_VERSION', `unsupported HTTP version ${match[1]}.${match[2]}`);
  // Three digits are not enough: "099" would read as 99, a status no server may send (RFC 9110 15).
  const status = Number(match[3]);
  if (status < 100 || status > 599)
    return fail('HPE_INVALID_STATUS', `status ${match[3]} is outside 100-599`);
  return {
    httpVersion: `${match[1]}.${match[2]}`,
    status,
    statusText: match[4] ?? '',
    rawHeaders: [],
  };
}

/**
 * Parses the response head at the start of `buffer`, everything received so far. Refuses obs-fold, bare CR
 * or LF, malformed names and control characters in values; a head over `maxHeadBytes` is HPE_HEADER_OVERFLOW.
 * `bodyStart` is where the bytes after the head begin.
 */
export function parseResponseHead(buffer: Buffer, maxHeadBytes: number = MAX_HEAD_BYTES): HeadParse {
  // The first bytes decide whether this is HTTP at all: a banner from another protocol fails at once.
  const prefix = Math.min(buffer.length, HTTP_PREFIX.length);
  for (let i = 0; i < prefix; i += 1) {
    if (buffer[i] !== HTTP_PREFIX[i])
      return fail('HPE_INVALID_CONSTANT', 'response does not start with HTTP/');
  }
  const end = findHeadEnd(buffer);
  if (end === -2) return fail('HPE_CR_EXPECTED', 'response line ends in a bare LF');
  if (end === -1) {
    return buffer.length > maxHeadBytes
      ? fail('HPE_HEADER_OVERFLOW', `response head larger than ${maxHeadBytes} bytes`)
      : INCOMPLETE;
  }
  if (end > maxHeadBytes)
    return fail('HPE_HEADER_OVERFLOW', `response head larger than ${maxHeadBytes} bytes`);
  // The head without its final CRLF: every line, the last included, then ends in CRLF.
  const text = buffer.toString('latin1', 0, end - 2);
  let lineEnd = text.indexOf('\r\n');
  const parsed = parseStatusLine(text.slice(0, lineEnd));
  if ('state' in parsed) return parsed;
  for (let lineStart = lineEnd + 2; lineStart < text.length; lineStart = lineEnd + 2) {
    lineEnd = text.indexOf('\r\n', lineStart);
    const line = text.slice(lineStart, lineEnd);
    if (line.includes('\r')) return fail('HPE_LF_EXPECTED', 'bare CR in the response head');
    const colon = line.indexOf(':');
    if (colon <= 0) {
      const folded = line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9;
      return fail(
        'HPE_INVALID_HEADER_TOKEN',
        folded ? 'obsolete header line folding' : 'header line without a name',
      );
    }
    const name = line.slice(0, colon);
    if (!TOKEN.test(name))
      return fail('HPE_INVALID_HEADER_TOKEN', `invalid header name ${JSON.stringify(name)}`);
    const value = trimWhitespace(line, colon + 1);
    if (hasControlCharacter(value))
      return fail('HPE_INVALID_HEADER_TOKEN', `invalid character in header ${name}`);
    parsed.rawHeaders.push(name, value);
  }
  return { state: 'complete', head: parsed, bodyStart: end };
}
