/** RFC 9110 token: what a header name (and a method) may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// RFC 9110 5.5 field-value: HTAB, SP, visible ASCII and obs-text (0x80-0xFF). Requests are written as latin1,
// one byte per character, so this is also exactly what reaches the wire: a character above U+00FF would be cut
// to its low byte there (U+010D becomes CR, U+010A becomes LF) and split the head.
const OUTSIDE_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** Whether `name` can be sent as a header name. */
export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

function describeCharacter(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why `value` cannot be sent as a header value, or undefined when it can: the first character that is a
 * control character (CR, LF, NUL, ...) or lies beyond Latin-1.
 * @example findHeaderValueProblem('a\u010d\u010ab') // "U+010D (character 2) does not fit in one byte: ..."
 */
export function findHeaderValueProblem(value: string): string | undefined {
  const found = OUTSIDE_FIELD_VALUE.exec(value);
  if (found === null) return undefined;
  const code = value.charCodeAt(found.index);
  const where = `${describeCharacter(code)} (character ${found.index + 1})`;
  return code > 0xff
    ? `${where} does not fit in one byte: header values are sent as ASCII or Latin-1, and this one would be cut to another byte`
    : `${where} is a control character, which a header value must not hold (line breaks would start a new header)`;
}
