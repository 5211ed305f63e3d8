import { parseArgs } from 'node:util';
import { DEFAULT_CONCURRENCY } from '../dist/cli/parse-check-args.js';

/**
 * @typedef {object} BenchOptions
 * @property {number} concurrency probes in flight at once, for every contender
 * @property {number} count probes per contender per round
 * @property {number} durationMs time cap per contender per round
 * @property {number} rounds rounds; contenders take turns in a rotating order and the medians are reported
 * @property {number} warmup unmeasured probes per contender before the first round (JIT, caches)
 * @property {number} curlRuns sequential runs each of frontdoor and curl for the phase-timing comparison
 * @property {number} fleetRounds rounds of each whole-command fleet scenario (fleet.js)
 * @property {'all' | 'loop' | 'fleet'} only the probe loop comparison, the whole-command fleet runs, or both
 */

const USAGE = `usage: npm run bench -- [--concurrency N] [--count N] [--duration SECONDS] [--rounds N]
                       [--warmup N] [--curl-runs N] [--fleet-rounds N] [--only loop|fleet]`;

/** @type {Record<keyof BenchOptions, { flag: string; fallback: number; max: number }>} */
const LIMITS = {
  // What `frontdoor check` runs at by default, so the figures are the product's as users meet it.
  concurrency: { flag: 'concurrency', fallback: DEFAULT_CONCURRENCY, max: 256 },
  // Many short rounds in turn rather than a few long ones: a busy neighbour on a shared machine changes every
  // figure by ±10% within seconds, and each round's ratio then compares contenders measured seconds apart.
  count: { flag: 'count', fallback: 1000, max: 100_000 },
  durationMs: { flag: 'duration', fallback: 10, max: 60 },
  rounds: { flag: 'rounds', fallback: 9, max: 30 },
  // V8 keeps optimising the probe path for a few thousand probes; a shorter warm-up puts that compiler
  // bookkeeping into the heap-growth column and makes a plateau look like a leak.
  warmup: { flag: 'warmup', fallback: 6000, max: 20_000 },
  // Ten blocks of ten in turn: a busy stretch of a second or two then spoils one block of either side, not
  // half the samples of one.
  curlRuns: { flag: 'curl-runs', fallback: 100, max: 1000 },
  // Each round runs the whole command on 3,000 sites and 10,000 hostnames beside blackbox_exporter: ~1 min.
  fleetRounds: { flag: 'fleet-rounds', fallback: 3, max: 20 },
};
const PARTS = ['all', 'loop', 'fleet'];

/**
 * Parses the bench's flags; every number is bounded so a typo cannot start an unbounded run.
 * @param {string[]} argv
 * @returns {BenchOptions}
 */
export function parseBenchOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: Object.fromEntries(
        [...Object.values(LIMITS).map(({ flag }) => flag), 'only'].map((flag) => [flag, { type: 'string' }]),
      ),
      strict: true,
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  /** @type {Record<string, number>} */
  const options = {};
  for (const [key, { flag, fallback, max }] of Object.entries(LIMITS)) {
    const text = values[flag];
    const value = typeof text === 'string' ? Number(text) : fallback;
    const minimum = key === 'warmup' ? 0 : 1;
    if (!Number.isFinite(value) || value < minimum || value > max) {
      throw new Error(`--${flag} must be a number from ${minimum} to ${max}, got '${text}'\n${USAGE}`);
    }
    options[key] = key === 'durationMs' ? value * 1000 : Math.floor(value);
  }
  const only = typeof values.only === 'string' ? values.only : 'all';
  if (!PARTS.includes(only)) throw new Error(`--only must be loop or fleet, got '${only}'\n${USAGE}`);
  return /** @type {BenchOptions} */ (/** @type {unknown} */ ({ ...options, only }));
}
