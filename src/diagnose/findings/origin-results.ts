import type { TargetResult } from '../target-result.js';

/**
 * Results probed directly on an origin (pinned to a configured origin or a --connect-to address), with the
 * origin's name; neither the edge's nor a plain URL's, which reach whatever DNS answers.
 */
export function selectOriginResults(
  results: readonly TargetResult[],
): Array<TargetResult & { origin: string }> {
  return results.flatMap((result) =>
    result.origin === undefined ? [] : [{ ...result, origin: result.origin }],
  );
}
