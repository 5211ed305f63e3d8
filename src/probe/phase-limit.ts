import type { FailureCode } from './observation.js';

/** How long a phase may run and what its timer means when it fires. */
export interface PhaseLimit {
  ms: number;
  timeoutCode: FailureCode;
}

/**
 * The time a phase gets: its own timeout, or what is left of the probe's deadline when that is shorter, in
 * which case the timer reports the probe's total_timeout rather than the phase's own code.
 * @example limitPhase(5000, deadline, performance.now(), 'connect_timeout')
 */
export function limitPhase(
  phaseMs: number,
  deadline: number,
  now: number,
  timeoutCode: FailureCode,
): PhaseLimit {
  const remaining = Math.max(0, deadline - now);
  return remaining < phaseMs ? { ms: remaining, timeoutCode: 'total_timeout' } : { ms: phaseMs, timeoutCode };
}

/** Display text for a phase timer that fired. */
export function describeTimeout(limit: PhaseLimit, phase: string): string {
  return limit.timeoutCode === 'total_timeout'
    ? `probe deadline reached during ${phase} (${Math.round(limit.ms)} ms left for it)`
    : `${phase} took longer than ${Math.round(limit.ms)} ms`;
}
