import type { CheckReport } from '../diagnose/target-result.js';
import { formatMilliseconds } from '../format/format-milliseconds.js';
import type { DeployReport } from './gate-report.js';

export interface GateJudgement {
  ok: boolean;
  reasons: string[];
}

export interface JudgeInput {
  check: CheckReport;
  /** true when the final check did not run (interrupted first) */
  checkSkipped: boolean;
  deploy?: DeployReport;
  /** failure windows up to this long during the deploy are tolerated */
  allowGapMs?: number;
  interrupted: boolean;
  /** rounds the final check took (for the wording only) */
  rounds: number;
}

/**
 * The gate passes only when the deploy command succeeded, no target failed during it (beyond --allow-gap)
 * and every target passed the final check. Each failure becomes one reason line.
 */
export function judgeGate(input: JudgeInput): GateJudgement {
  const reasons: string[] = [];
  if (input.interrupted) reasons.push('interrupted before the gate could finish');
  const deploy = input.deploy;
  if (deploy !== undefined) {
    if (deploy.signal !== null) reasons.push(`deploy command ended by signal ${deploy.signal}`);
    else if (deploy.exitCode !== 0) reasons.push(`deploy command failed with exit code ${deploy.exitCode}`);
    for (const target of deploy.perTarget) {
      if (!target.failsGate) continue;
      const allowed =
        input.allowGapMs === undefined ? '' : ` (allowed ${formatMilliseconds(input.allowGapMs)})`;
      reasons.push(
        `${target.target}: ${target.failed} of ${target.sent} requests failed during the deploy, longest gap ${formatMilliseconds(target.longestGapMs)}${allowed}`,
      );
    }
  }
  if (!input.checkSkipped) {
    const failing = input.check.results.filter((result) => result.verdict !== 'ok');
    if (failing.length > 0) {
      const after = input.rounds > 1 ? ` after ${input.rounds} rounds` : '';
      reasons.push(
        `final check${after}: ${failing.length} of ${input.check.results.length} targets failed (${failing
          .map((result) => `${result.target}: ${result.verdict}`)
          .join('; ')})`,
      );
    }
  }
  return { ok: reasons.length === 0, reasons };
}
