import { FrontdoorError } from '../errors.js';
import type { ParseOutcome } from './parse-outcome.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
/** setTimeout silently turns anything longer into 1 ms, so a longer duration can never be honoured. */
const MAX_MS = 2_147_483_647;
const EXAMPLES = 'e.g. 800ms, 2s, 1.5s, 1m, 1m30s, or 250 for milliseconds';

/** Reads a duration without throwing; see parseDuration. */
export function readDuration(text: string): ParseOutcome<number> {
  const trimmed = text.trim();
  const total = /^\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) : sumParts(trimmed);
  if (total === undefined) return { ok: false, problem: `'${text}' is not a duration (${EXAMPLES})` };
  if (total <= 0) return { ok: false, problem: `'${text}' must be longer than zero` };
  if (total > MAX_MS) return { ok: false, problem: `'${text}' is too long (at most 24 days)` };
  return { ok: true, value: total };
}

/**
 * Converts a human duration to milliseconds; a bare number is milliseconds.
 * @example parseDuration('1.5s', '--timeout') // 1500
 * @throws FrontdoorError FD_ERR_USAGE "where: 'x' is not a duration (...)"
 */
export function parseDuration(text: string, where: string): number {
  const outcome = readDuration(text);
  if (!outcome.ok) throw new FrontdoorError('FD_ERR_USAGE', `${where}: ${outcome.problem}`);
  return outcome.value;
}

/** "1m30s" -> 90000; undefined unless the whole text is made of number+unit parts. */
function sumParts(text: string): number | undefined {
  if (text === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (match === null) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  }
  return total;
}
