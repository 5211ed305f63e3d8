import type { Target } from '../../config/target.js';
import { findUnmetExpectations } from '../../diagnose/expectations.js';
import type { ProbeObservation } from '../../probe/observation.js';

/** probe_success and probe_failed_due_to_regex as blackbox_exporter's http prober decides them. */
export interface ModuleJudgement {
  success: boolean;
  failedDueToRegex: boolean;
  /** why it failed, one line each, for the probe log */
  reasons: string[];
}

/**
 * Judges one observation by the module's checks, which planModuleProbe put into the target's expectations:
 * a complete answer (no failed phase), an accepted status, then the header and body patterns, the HTTP
 * version, and TLS or not. The patterns count as a regex failure only once the status passed, as in
 * blackbox, which checks them only then. Pure.
 */
export function judgeModuleProbe(target: Target, observation: ProbeObservation): ModuleJudgement {
  const { http, failure } = observation;
  if (failure !== undefined) {
    return {
      success: false,
      failedDueToRegex: false,
      reasons: [`${failure.phase} failed: ${failure.detail}`],
    };
  }
  if (http === undefined) return { success: false, failedDueToRegex: false, reasons: ['no HTTP response'] };
  const unmet = findUnmetExpectations(target, http, observation.tls !== undefined);
  const statusFailed = unmet.some((item) => item.kind === 'status');
  const failedDueToRegex =
    !statusFailed && unmet.some((item) => item.kind === 'body_pattern' || item.kind === 'header_pattern');
  return { success: unmet.length === 0, failedDueToRegex, reasons: unmet.map((item) => item.evidence) };
}
