import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Starts `count` probes at an even `ratePerS`, whatever the earlier ones are doing, and waits for them all:
 * the load a scraper puts on an exporter (Prometheus asks for each target once an interval, spread over it),
 * and the load the watch puts on itself. CPU per probe at that pace is what a steady-state comparison needs;
 * an exporter driven flat out spends less per probe, each wake-up serving several requests.
 * @param {{ count: number; ratePerS: number }} limits
 * @param {() => Promise<true | string>} probeOnce resolves true on success, or a short reason on failure
 * @returns {Promise<{ probes: number; failed: number; elapsedMs: number; firstFailure: string | undefined }>}
 */
export async function drivePaced(limits, probeOnce) {
  const started = performance.now();
  let failed = 0;
  /** @type {string | undefined} */
  let firstFailure;
  const settle = async () => {
    let outcome;
    try {
      outcome = await probeOnce();
    } catch (error) {
      outcome = `threw ${String(error)}`;
    }
    if (outcome !== true) {
      failed += 1;
      firstFailure ??= outcome;
    }
  };
  const pending = [];
  for (let i = 0; i < limits.count; i += 1) {
    const wait = started + (i * 1000) / limits.ratePerS - performance.now();
    // Timers are a millisecond coarse; a shorter wait is caught up by starting at once.
    if (wait >= 1) await sleep(wait);
    pending.push(settle());
  }
  await Promise.all(pending);
  return { probes: limits.count, failed, elapsedMs: performance.now() - started, firstFailure };
}
