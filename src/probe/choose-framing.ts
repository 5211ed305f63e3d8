import type { HttpParseError } from './http-parse-error.js';
import type { ResponseHead } from './parse-response-head.js';

/** How a response's body is delimited (RFC 9112 section 6.3); `length` only counts for 'length'. */
export interface BodyFraming {
  kind: 'none' | 'length' | 'chunked' | 'close';
  length: number;
}

const NO_BODY: BodyFraming = { kind: 'none', length: 0 };
const CHUNKED: BodyFraming = { kind: 'chunked', length: 0 };
const UNTIL_CLOSE: BodyFraming = { kind: 'close', length: 0 };

function readContentLength(values: readonly string[]): number | HttpParseError {
  let length = -1;
  for (const value of values) {
    for (const part of value.split(',')) {
      const digits = part.trim();
      if (!/^\d+$/.test(digits) || !Number.isSafeInteger(Number(digits)))
        return {
          code: 'HPE_INVALID_CONTENT_LENGTH',
          detail: `invalid content-length ${JSON.stringify(value)}`,
        };
      const parsed = Number(digits);
      // Repeats of one value are harmless (RFC 9110 8.6); two different lengths make the framing unknowable.
      if (length !== -1 && parsed !== length)
        return { code: 'HPE_UNEXPECTED_CONTENT_LENGTH', detail: 'conflicting content-length values' };
      length = parsed;
    }
  }
  return length;
}

/**
 * The body framing of a final response to `method`: none for HEAD, 1xx, 204 and 304; chunked when the last
 * transfer coding is chunked (over any content-length, as RFC 9112 says); read to the close for any other
 * transfer coding or when there is no content-length. Bad or conflicting content-length is a parse error.
 */
export function chooseFraming(method: string, head: ResponseHead): BodyFraming | HttpParseError {
  const { status, rawHeaders } = head;
  if (method === 'HEAD' || status < 200 || status === 204 || status === 304) return NO_BODY;
  let lengths: string[] | undefined;
  let codings: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    if (name === 'content-length') {
      if (lengths === undefined) lengths = [value];
      else lengths.push(value);
    } else if (name === 'transfer-encoding') codings = codings === undefined ? value : `${codings},${value}`;
  }
  if (codings !== undefined) {
    const last = codings
      .slice(codings.lastIndexOf(',') + 1)
      .trim()
      .toLowerCase();
    return last === 'chunked' ? CHUNKED : UNTIL_CLOSE;
  }
  if (lengths === undefined) return UNTIL_CLOSE;
  const length = readContentLength(lengths);
  return typeof length === 'number' ? { kind: 'length', length } : length;
}
