import type { TargetResult } from '../target-result.js';

/** Results probed directly on an origin (not through the edge), with the origin's name. */
export function selectOriginResults(
  results: readonly TargetResult[],
): Array<TargetResult & { origin: string }> {
  return results
    .filter((result) => result.via !== 'edge')
    .map((result) => ({ ...result, origin: result.origin ?? result.via }));
}
