import type { Verdict } from './verdict.js';

/** A verdict under which visitors were served: everything held, perhaps slowly. */
export function isPassingVerdict(verdict: Verdict): boolean {
  return verdict === 'ok' || verdict === 'slow';
}
