import { z } from 'zod';
import { type DurationKind, readDuration } from './parse-duration.js';
import type { ParseOutcome } from './parse-outcome.js';

/** zod custom-issue params that ask for the error to point at a map key rather than its value. */
export const AT_KEY = { at: 'key' } as const;

/**
 * A strict object whose unknown-key issue names the first unknown key (zod lists them in document order)
 * and suggests the closest known one, so a typo like `expectt:` is caught and explained. `alsoKnown` names
 * keys another reader of the same file validates (they are taken out before this schema sees the file).
 */
export function closedObject<T extends z.core.$ZodLooseShape>(shape: T, alsoKnown: readonly string[] = []) {
  const known = [...Object.keys(shape), ...alsoKnown];
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? describeUnknownKey(issue.keys[0] ?? '', known) : undefined,
  });
}

/** A string leaf checked and converted by one of the config's read* parsers. */
export function parsedString<T>(read: (text: string) => ParseOutcome<T>) {
  return z.string().transform((text, ctx): T => {
    const outcome = read(text);
    if (outcome.ok) return outcome.value;
    ctx.addIssue({ code: 'custom', message: outcome.problem, input: text });
    return z.NEVER;
  });
}

/** "unknown key 'expectt'; did you mean 'expect'?" or the list of known keys when nothing is close. */
export function describeUnknownKey(key: string, known: readonly string[]): string {
  const close = known.find((candidate) => isNear(key, candidate));
  if (close !== undefined) return `unknown key '${key}'; did you mean '${close}'?`;
  return `unknown key '${key}' (known here: ${known.join(', ')})`;
}

/** Spelling variants (versionHeader vs version_header) and small typos count as near. */
function isNear(typed: string, known: string): boolean {
  const squash = (s: string) => s.toLowerCase().replaceAll(/[_-]/g, '');
  if (squash(typed) === squash(known)) return true;
  return editDistance(typed.toLowerCase(), known) <= Math.min(2, Math.floor(known.length / 3));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** A duration leaf (`800ms`, `2s`, `14d`) converted to milliseconds; see parse-duration.ts for the kinds. */
export function durationSchema(kind: DurationKind) {
  const examples = kind === 'timeout' ? '800ms, 2s or 1m' : '90m, 14d or 2w';
  return z
    .union([z.number(), z.string()], { error: `expected a duration such as ${examples}` })
    .transform((value, ctx) => {
      const outcome = readDuration(String(value), kind);
      if (outcome.ok) return outcome.value;
      ctx.addIssue({ code: 'custom', message: outcome.problem, input: value });
      return z.NEVER;
    });
}
