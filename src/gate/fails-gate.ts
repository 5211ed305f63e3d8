/**
 * Whether a target's requests during the deploy fail the gate: any failure, unless --allow-gap covers its
 * longest window.
 */
export function failedDuringDeploy(
  measure: { failed: number; longestGapMs: number },
  allowGapMs: number | undefined,
): boolean {
  if (measure.failed === 0) return false;
  return allowGapMs === undefined || measure.longestGapMs > allowGapMs;
}
