import { performance } from 'node:perf_hooks';

/**
 * @typedef {object} DriveLimits
 * @property {number} count stop after this many probes have started
 * @property {number} durationMs stop starting new probes after this long
 * @property {number} concurrency probes in flight at once
 */

/**
 * @typedef {object} DriveResult
 * @property {number} probes probes completed
 * @property {number} failed probes whose `probeOnce` resolved false or threw
 * @property {number} elapsedMs wall time from the first start to the last completion
 * @property {string | undefined} firstFailure description of the first failure, to print when things go wrong
 */

/**
 * Keeps `concurrency` probes in flight until `count` have started or `durationMs` has passed, whichever
 * comes first, then waits for the ones in flight. Bounded both ways so a slow contender cannot stall the bench.
 * @param {DriveLimits} limits
 * @param {() => Promise<true | string>} probeOnce resolves true on success, or a short reason on failure
 * @returns {Promise<DriveResult>}
 */
export async function driveConcurrent(limits, probeOnce) {
  const started = performance.now();
  const deadline = started + limits.durationMs;
  let launched = 0;
  let probes = 0;
  let failed = 0;
  /** @type {string | undefined} */
  let firstFailure;

  const worker = async () => {
    while (launched < limits.count && performance.now() < deadline) {
      launched += 1;
      let outcome;
      try {
        outcome = await probeOnce();
      } catch (error) {
        outcome = `threw ${String(error)}`;
      }
      probes += 1;
      if (outcome !== true) {
        failed += 1;
        firstFailure ??= outcome;
      }
    }
  };

  await Promise.all(Array.from({ length: limits.concurrency }, worker));
  return { probes, failed, elapsedMs: performance.now() - started, firstFailure };
}
