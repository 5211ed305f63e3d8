import { FrontdoorError } from '../errors.js';
import type { ParseOutcome } from './parse-outcome.js';

/**
 * What a duration measures, which decides the units it may use: a timeout or latency is milliseconds to
 * days and must fit setTimeout; a look-back window is minutes to weeks.
 * A bare number is refused everywhere, with the units to write instead: `--timeout 10` meant 10 ms once,
 * where curl's `--max-time 10` means seconds, and reading it as seconds now would silently change every
 * configuration written with the old meaning (`max_latency: 250`). Refusing is loud and says what to write.
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
  max?: { ms: number; text: string };
  examples: string;
  /** what a bare number should have been written as: "10s for seconds or 10ms for milliseconds" */
  bare: (number: string) => string;
}

const RULES: Record<DurationKind, DurationRules> = {
  timeout: {
    units: new Set(['ms', 's', 'm', 'h', 'd', 'w']),
    max: { ms: MAX_TIMER_MS, text: 'at most 24 days, 24d' },
    examples: 'e.g. 800ms, 2s, 1.5s, 1m, 1m30s',
    bare: (number) => `${number}s for seconds or ${number}ms for milliseconds`,
  },
  // Nothing waits on a window, so it needs no cap.
  window: {
    units: new Set(['m', 'h', 'd', 'w']),
    examples: 'e.g. 90m, 36h, 7d, 2w',
    bare: (number) => `${number}d for days or ${number}h for hours`,
  },
};

const BARE_NUMBER = /^[-+]?\d+(?:\.\d+)?$/;

/** Reads a duration without throwing; see parseDuration. */
export function readDuration(text: string, kind: DurationKind = 'timeout'): ParseOutcome<number> {
  const rules = RULES[kind];
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const unsigned = negative ? trimmed.slice(1) : trimmed;
  if (BARE_NUMBER.test(trimmed)) {
    if (negative || Number(unsigned) === 0)
      return { ok: false, problem: `'${text}' must be longer than zero` };
    return { ok: false, problem: `'${text}' has no unit: write ${rules.bare(trimmed)}` };
  }
  const total = sumParts(unsigned, new Set(Object.keys(UNIT_MS) as Unit[]));
  if (total === undefined) return { ok: false, problem: `'${text}' is not a duration (${rules.examples})` };
  if (negative || total <= 0) return { ok: false, problem: `'${text}' must be longer than zero` };
  // Checked before the units, so `--timeout 25d` hears the maximum rather than that days are not allowed.
  if (rules.max !== undefined && total > rules.max.ms) {
    return { ok: false, problem: `'${text}' is too long (${rules.max.text})` };
  }
  const unit = findUnitOutside(unsigned, rules.units);
  if (unit !== undefined) {
    return { ok: false, problem: `'${text}' uses '${unit}', which does not fit here (${rules.examples})` };
  }
  return { ok: true, value: total };
}

/**
 * Converts a human duration to milliseconds; a number needs its unit ("10s", not "10").
 * @example parseDuration('1.5s', '--timeout') // 1500
 * @example parseDuration('7d', '--since', 'window') // 604800000
 * @throws FrontdoorError FD_ERR_USAGE "where: 'x' is not a duration (...)"
 */
export function parseDuration(text: string, where: string, kind: DurationKind = 'timeout'): number {
  const outcome = readDuration(text, kind);
  if (!outcome.ok) throw new FrontdoorError('FD_ERR_USAGE', `${where}: ${outcome.problem}`);
  return outcome.value;
}

/** The first unit of a well-formed duration that `units` does not allow ("30s" as a window). */
function findUnitOutside(text: string, units: ReadonlySet<Unit>): Unit | undefined {
  PART.lastIndex = 0;
  for (let match = PART.exec(text); match !== null; match = PART.exec(text)) {
    const unit = match[2] as Unit;
    if (!units.has(unit)) return unit;
  }
  return undefined;
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
