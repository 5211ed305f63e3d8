import { FrontdoorError } from '../errors.js';
import type { ParseOutcome } from './parse-outcome.js';

/**
 * What a duration measures, which decides the units it may use: a timeout or latency is milliseconds to
 * hours (a bare number is milliseconds) and must fit setTimeout; a look-back window is minutes to weeks.
 */
export type DurationKind = 'timeout' | 'window';

type Unit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w';

const UNIT_MS: Record<Unit, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/y;
/** setTimeout silently turns anything longer into 1 ms, so a longer timeout can never be honoured. */
const MAX_TIMER_MS = 2_147_483_647;

interface DurationRules {
  units: ReadonlySet<Unit>;
  bareMilliseconds: boolean;
  max?: { ms: number; text: string };
  examples: string;
}

const RULES: Record<DurationKind, DurationRules> = {
  timeout: {
    units: new Set(['ms', 's', 'm', 'h']),
    bareMilliseconds: true,
    max: { ms: MAX_TIMER_MS, text: 'at most 24 days' },
    examples: 'e.g. 800ms, 2s, 1.5s, 1m, 1m30s, or 250 for milliseconds',
  },
  // Nothing waits on a window, so it needs no cap; a bare number is refused since "7" could mean days.
  window: {
    units: new Set(['m', 'h', 'd', 'w']),
    bareMilliseconds: false,
    examples: 'e.g. 90m, 36h, 7d, 2w',
  },
};

/** Reads a duration without throwing; see parseDuration. */
export function readDuration(text: string, kind: DurationKind = 'timeout'): ParseOutcome<number> {
  const rules = RULES[kind];
  const trimmed = text.trim();
  const total =
    rules.bareMilliseconds && /^\d+(?:\.\d+)?$/.test(trimmed)
      ? Number(trimmed)
      : sumParts(trimmed, rules.units);
  if (total === undefined) return { ok: false, problem: `'${text}' is not a duration (${rules.examples})` };
  if (total <= 0) return { ok: false, problem: `'${text}' must be longer than zero` };
  if (rules.max !== undefined && total > rules.max.ms) {
    return { ok: false, problem: `'${text}' is too long (${rules.max.text})` };
  }
  return { ok: true, value: total };
}

/**
 * Converts a human duration to milliseconds; for a timeout, a bare number is milliseconds.
 * @example parseDuration('1.5s', '--timeout') // 1500
 * @example parseDuration('7d', '--since', 'window') // 604800000
 * @throws FrontdoorError FD_ERR_USAGE "where: 'x' is not a duration (...)"
 */
export function parseDuration(text: string, where: string, kind: DurationKind = 'timeout'): number {
  const outcome = readDuration(text, kind);
  if (!outcome.ok) throw new FrontdoorError('FD_ERR_USAGE', `${where}: ${outcome.problem}`);
  return outcome.value;
}

/** "1m30s" -> 90000; undefined unless the whole text is made of number+unit parts in `units`. */
function sumParts(text: string, units: ReadonlySet<Unit>): number | undefined {
  if (text === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    const unit = match?.[2] as Unit | undefined;
    if (match === null || unit === undefined || !units.has(unit)) return undefined;
    total += Number(match[1]) * UNIT_MS[unit];
  }
  return total;
}
