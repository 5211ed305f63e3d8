import { describe, expect, it } from 'vitest';
import { findHeaderValueProblem, isHeaderName } from './header-syntax.js';

describe('isHeaderName', () => {
  it.each([
    ['x-app-version', true],
    ["!#$%&'*+-.^_`|~09AZaz", true],
    ['', false],
    ['x a', false],
    ['x:a', false],
    ['x\u010da', false],
    ['é', false],
  ])('%j -> %s', (name, expected) => {
    expect(isHeaderName(name)).toBe(expected);
  });
});

describe('findHeaderValueProblem', () => {
  it.each(['Bearer abc', 'a\tb', '', 'caf\u00e9', '\u0080\u00ff', '~ !'])('accepts %j', (value) => {
    expect(findHeaderValueProblem(value)).toBeUndefined();
  });

  it('refuses characters beyond Latin-1, whose low byte would be written: U+010D U+010A would be CR LF', () => {
    expect(findHeaderValueProblem('ok\u010d\u010aX-Injected: 1')).toBe(
      'U+010D (character 3) does not fit in one byte: header values are sent as ASCII or Latin-1, and this one would be cut to another byte',
    );
    expect(findHeaderValueProblem('snow \u2603')).toMatch(/^U\+2603 \(character 6\)/);
  });

  it.each([
    ['a\rb', 'U+000D (character 2)'],
    ['a\nb', 'U+000A (character 2)'],
    ['\0', 'U+0000 (character 1)'],
    ['a\u007f', 'U+007F (character 2)'],
    ['\u001b[31m', 'U+001B (character 1)'],
  ])('refuses control characters: %j', (value, where) => {
    expect(findHeaderValueProblem(value)).toBe(
      `${where} is a control character, which a header value must not hold (line breaks would start a new header)`,
    );
  });
});
