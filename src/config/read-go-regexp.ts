import type { ParseOutcome } from './parse-outcome.js';
import type { ModuleRegexp } from './probe-module.js';

// Go's RE2 flags that have a JavaScript equivalent; U (ungreedy) has none.
const GO_FLAGS: Record<string, string> = { i: 'i', m: 'm', s: 's' };
const LEADING_FLAGS = /^\(\?([a-zA-Z]+)\)/;
// Go syntax JavaScript reads differently without complaint, so it is refused rather than run wrongly.
const UNSUPPORTED: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /\[\[:\w+:\]\]|\[:\w+:\]/, what: 'POSIX classes such as [[:alpha:]]' },
  { pattern: /\\[QEC]/, what: '\\Q...\\E and \\C' },
  { pattern: /\\[pP][A-Za-z]/, what: 'one-letter Unicode classes such as \\pL (write \\p{L})' },
  { pattern: /\(\?[a-zA-Z]*[:)]/, what: 'flag groups other than one at the very start, such as (?i)' },
];

/**
 * Reads a blackbox_exporter regular expression (Go's RE2 syntax) as a JavaScript one with the same meaning
 * for what both share: leading flags `(?i)`, `(?s)`, `(?m)` become flags, `(?P<name>` a named group, `\A`
 * and `\z` the input's start and end. What JavaScript would read differently is refused, never guessed.
 * Matching is unanchored, as Go's `Match`.
 * @example readGoRegexp('(?i)^ok') // { ok: true, value: { original: '(?i)^ok', source: '^ok', flags: 'i' } }
 */
export function readGoRegexp(text: string): ParseOutcome<ModuleRegexp> {
  let source = text;
  let flags = '';
  const leading = LEADING_FLAGS.exec(source);
  if (leading !== null) {
    for (const flag of leading[1] ?? '') {
      const mapped = GO_FLAGS[flag];
      if (mapped === undefined) {
        return { ok: false, problem: `'${text}': the flag '${flag}' has no JavaScript equivalent` };
      }
      if (!flags.includes(mapped)) flags += mapped;
    }
    source = source.slice(leading[0].length);
  }
  for (const { pattern, what } of UNSUPPORTED) {
    if (pattern.test(source)) return { ok: false, problem: `'${text}': ${what} cannot be used here` };
  }
  source = source.replaceAll('(?P<', '(?<');
  // Without the m flag, JavaScript's ^ and $ are exactly the input's start and end.
  if (/\\[Az]/.test(source)) {
    if (flags.includes('m')) {
      return { ok: false, problem: `'${text}': \\A and \\z cannot be combined with (?m) here` };
    }
    source = source.replaceAll(/(?<!\\)((?:\\\\)*)\\A/g, '$1^').replaceAll(/(?<!\\)((?:\\\\)*)\\z/g, '$1$');
  }
  try {
    new RegExp(source, flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `'${text}' is not a regular expression: ${reason}` };
  }
  return { ok: true, value: { original: text, source, flags } };
}
