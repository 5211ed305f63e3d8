import { describe, expect, it } from 'vitest';
import { readGoRegexp } from './read-go-regexp.js';

function compiled(text: string): RegExp {
  const outcome = readGoRegexp(text);
  if (!outcome.ok) throw new Error(outcome.problem);
  return new RegExp(outcome.value.source, outcome.value.flags);
}

describe('readGoRegexp', () => {
  it.each<[string, string, boolean]>([
    ['Could not connect', 'Error: Could not connect to database', true],
    ['^ok$', 'ok', true],
    ['^ok$', 'ok\n', false],
    ['(?i)^OK', 'ok then', true],
    ['(?s)a.b', 'a\nb', true],
    ['a.b', 'a\nb', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['(?P<word>\\w+) \\k<word>', 'go go', true],
    ['\\Aok\\z', 'ok', true],
    ['\\Aok\\z', 'ok!', false],
    ['\\\\A', '\\A', true],
    ['(\\*|example\\.com)', 'https://example.com', true],
  ])('reads %j with the meaning Go gives it (on %j: %s)', (pattern, input, matches) => {
    expect(compiled(pattern).test(input)).toBe(matches);
  });

  it('keeps what was written', () => {
    expect(readGoRegexp('(?i)ok')).toEqual({
      ok: true,
      value: { original: '(?i)ok', source: 'ok', flags: 'i' },
    });
  });

  it.each<[string, string]>([
    ['[[:digit:]]', 'POSIX classes'],
    ['\\Qa.b\\E', '\\Q...\\E'],
    ['\\pL', 'one-letter Unicode classes'],
    ['a(?i)b', 'flag groups other than one at the very start'],
    ['(?i:ab)', 'flag groups other than one at the very start'],
    ['(?U)a+', "the flag 'U' has no JavaScript equivalent"],
    ['(?m)\\Aa', 'cannot be combined with (?m)'],
    ['(unclosed', 'is not a regular expression'],
  ])('refuses %j rather than run it differently', (pattern, problem) => {
    const outcome = readGoRegexp(pattern);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.problem).toContain(problem);
  });
});
