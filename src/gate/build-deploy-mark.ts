import type { Target } from '../config/target.js';
import { DEPLOY_MARK_MAX_TARGETS, type DeployMark, type DeployTarget } from '../incidents/deploy-mark.js';
import type { GateReport } from './gate-report.js';

export interface DeployMarkInput {
  report: GateReport;
  /** every target the gate watched (the final check may have none when interrupted first) */
  targets: readonly Target[];
  /** --expect-version */
  version?: string;
  startedAtMs: number;
  endedAtMs: number;
}

/**
 * Pure: the deploy mark `verify --report-to` posts: the gate's result and reasons, and per target (by its
 * stable id) the final verdict and the gap measured while the deploy ran. Past DEPLOY_MARK_MAX_TARGETS
 * the targets that failed or had a gap are kept first.
 */
export function buildDeployMark(input: DeployMarkInput): DeployMark {
  const { gate, check } = input.report;
  const verdicts = new Map(check.results.map((r) => [r.id, r.verdict]));
  const gaps = new Map((gate.deploy?.perTarget ?? []).map((t) => [t.id, t]));
  const all = input.targets.map((target): DeployTarget => {
    const gap = gaps.get(target.id);
    return {
      id: target.id,
      target: target.name,
      via: target.via,
      ...(target.origin === undefined ? {} : { origin: target.origin }),
      verdict: verdicts.get(target.id) ?? null,
      ...(gap === undefined
        ? {}
        : {
            gap: {
              sent: gap.sent,
              failed: gap.failed,
              longestGapMs: gap.longestGapMs,
              gapStartedAt: gap.gapStartedAt,
            },
          }),
    };
  });
  const troubled = (t: DeployTarget) =>
    (t.verdict !== null && t.verdict !== 'ok') || (t.gap?.failed ?? 0) > 0;
  const listed =
    all.length <= DEPLOY_MARK_MAX_TARGETS
      ? all
      : [...all.filter(troubled), ...all.filter((t) => !troubled(t))].slice(0, DEPLOY_MARK_MAX_TARGETS);
  const deploy = gate.deploy;
  return {
    ...(input.version === undefined ? {} : { version: input.version }),
    result: gate.ok ? 'passed' : 'failed',
    reasons: gate.reasons.slice(0, 100).map((reason) => reason.slice(0, 2000)),
    mode: gate.mode,
    startedAt: new Date(input.startedAtMs).toISOString(),
    endedAt: new Date(input.endedAtMs).toISOString(),
    interrupted: gate.interrupted,
    ...(deploy === undefined
      ? {}
      : { deploy: { exitCode: deploy.exitCode, signal: deploy.signal, durationMs: deploy.durationMs } }),
    origins: [...new Set(input.targets.flatMap((t) => (t.origin === undefined ? [] : [t.origin])))]
      .sort()
      .slice(0, DEPLOY_MARK_MAX_TARGETS),
    targetCount: all.length,
    failedCount: all.filter(troubled).length,
    targets: listed,
    targetsTruncated: listed.length < all.length,
  };
}
