import type { IntermittentSettings } from './engine-settings.js';
import type { RequestSample } from './engine-state.js';

/**
 * Adds one round's requests and drops what fell out of the window: samples older than `windowMs` before
 * this one, then the oldest while the rest still hold `windowRequests` requests. Returns a new array.
 */
export function addSample(
  samples: readonly RequestSample[],
  sample: RequestSample,
  settings: IntermittentSettings,
): RequestSample[] {
  const [at] = sample;
  const kept: RequestSample[] = [];
  for (const entry of samples) if (entry[0] > at - settings.windowMs && entry[0] <= at) kept.push(entry);
  kept.push(sample);
  let total = kept.reduce((sum, [, size]) => sum + size, 0);
  while (kept.length > 1 && total - (kept[0]?.[1] ?? 0) >= settings.windowRequests) {
    total -= kept[0]?.[1] ?? 0;
    kept.shift();
  }
  return kept;
}

export interface WindowCount {
  requests: number;
  failed: number;
  /** rounds with at least one failed request */
  failedRounds: number;
}

export function countWindow(samples: readonly RequestSample[]): WindowCount {
  let requests = 0;
  let failed = 0;
  let failedRounds = 0;
  for (const [, size, bad] of samples) {
    requests += size;
    failed += bad;
    if (bad > 0) failedRounds += 1;
  }
  return { requests, failed, failedRounds };
}

/**
 * 2% or more of enough requests failed, in at least two rounds: the 003 pattern. One bad round alone is a
 * blip, which confirmation already judges; a share is about failures that come back.
 */
export function isIntermittent(count: WindowCount, settings: IntermittentSettings): boolean {
  return (
    count.requests >= settings.minRequests &&
    count.failed >= settings.minFailed &&
    count.failedRounds >= 2 &&
    count.failed / count.requests >= settings.minShare
  );
}
