import type { DeployMark } from './deploy-mark.js';

/**
 * One line for the timeline and the "changes before it" list.
 * @example describeDeployMark(mark) // "deploy 3f2c1ab failed its gate on web1, web2: 1 of 2 targets failed, longest gap 600 ms"
 */
export function describeDeployMark(mark: DeployMark): string {
  const what = mark.version === undefined ? 'deploy' : `deploy ${mark.version}`;
  const where = mark.origins.length === 0 ? '' : ` on ${listSome(mark.origins)}`;
  const gaps = mark.targets.flatMap((target) => (target.gap === undefined ? [] : [target.gap.longestGapMs]));
  const gap = gaps.length === 0 ? '' : `, longest gap ${Math.round(Math.max(...gaps))} ms`;
  const interrupted = mark.interrupted ? ' (interrupted)' : '';
  return mark.result === 'failed'
    ? `${what} failed its gate${where}${interrupted}: ${mark.failedCount} of ${mark.targetCount} targets failed${gap}`
    : `${what} passed its gate${where}${interrupted}: ${mark.targetCount} targets${gap}`;
}

function listSome(names: readonly string[]): string {
  return names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
