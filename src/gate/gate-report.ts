import type { CheckReport } from '../diagnose/target-result.js';
import type { Verdict } from '../diagnose/verdict.js';

/** burst: one round; within: rounds until settled or out of time; during: a deploy watched, then the final check */
export type GateMode = 'burst' | 'within' | 'during';

/** One target's experience of the deploy: the measure of "zero downtime". */
export interface DeployTargetReport {
  /** the target's stable id (Target.id): what samples were keyed by, and what matches the final check's result */
  id: string;
  /** its display name */
  target: string;
  sent: number;
  failed: number;
  longestGapMs: number;
  /** ISO 8601 start of the longest failure window; null when nothing failed */
  gapStartedAt: string | null;
  /** failing verdicts seen during the deploy, most common first */
  failedVerdicts: Array<{ verdict: Verdict; count: number }>;
  /**
   * The gate's judgement of this target's deploy window: it failed, and --allow-gap does not cover its
   * longest gap. Decided by the gate when the report is made; renderers only read it.
   */
  failsGate: boolean;
}

export interface DeployReport {
  /** the command as given, program first */
  command: string[];
  /** null when it ended by a signal */
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** stopped by Ctrl-C (or SIGTERM) instead of ending by itself */
  interrupted: boolean;
  perTarget: DeployTargetReport[];
}

export interface GateSummary {
  mode: GateMode;
  /** the verdict of the whole gate: final check, deploy command and deploy window together */
  ok: boolean;
  /** why the gate failed, one line each; empty when it passed */
  reasons: string[];
  burst: number;
  rounds: number;
  /** --within: the time allowed, and whether every target passed twice in a row within it */
  withinMs?: number;
  settled?: boolean;
  allowGapMs?: number;
  interrupted: boolean;
  deploy?: DeployReport;
}

/** What `frontdoor verify` reports: the final check (the check contract) and the gate around it. */
export interface GateReport {
  check: CheckReport;
  gate: GateSummary;
}
