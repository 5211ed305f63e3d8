import type { ParseOutcome } from '../../config/parse-outcome.js';
import { decodeCursor, type PageCursor } from '../../store/page-cursor.js';

/** `limit`: a whole number from 1 to `max`; absent gives `fallback`. */
export function readLimit(text: string | undefined, fallback: number, max: number): ParseOutcome<number> {
  if (text === undefined) return { ok: true, value: fallback };
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max) {
    return { ok: false, problem: `limit: '${text}' is not a whole number from 1 to ${max}` };
  }
  return { ok: true, value };
}

/** One of `allowed`, or absent. */
export function readChoice<T extends string>(
  name: string,
  text: string | undefined,
  allowed: readonly T[],
): ParseOutcome<T | undefined> {
  if (text === undefined) return { ok: true, value: undefined };
  if ((allowed as readonly string[]).includes(text)) return { ok: true, value: text as T };
  return { ok: false, problem: `${name}: '${text}' is not one of ${allowed.join(', ')}` };
}

/** `before`: a `next` value from an earlier page. */
export function readCursor(text: string | undefined): ParseOutcome<PageCursor | undefined> {
  if (text === undefined) return { ok: true, value: undefined };
  const cursor = decodeCursor(text);
  if (cursor === undefined) return { ok: false, problem: "before: not a 'next' value from an earlier page" };
  return { ok: true, value: cursor };
}

/** The first problem among outcomes, for a 400 that says what was wrong. */
export function firstProblem(...outcomes: ReadonlyArray<ParseOutcome<unknown>>): string {
  for (const outcome of outcomes) if (!outcome.ok) return outcome.problem;
  return 'bad query';
}

export function badRequest(message: string) {
  return { statusCode: 400, error: 'Bad Request', message };
}

export function notFound(message: string) {
  return { statusCode: 404, error: 'Not Found', message };
}
