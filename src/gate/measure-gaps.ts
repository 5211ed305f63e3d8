/** One request made while a deploy ran: when it started and whether it passed every expectation. */
export interface ProbeSample {
  startedAtMs: number;
  passed: boolean;
}

/** What a target went through during a deploy. */
export interface GapMeasure {
  sent: number;
  failed: number;
  /** the longest failure window; 0 when nothing failed */
  longestGapMs: number;
  /** when that window opened (the first failing request's start); absent when nothing failed */
  gapStartedAtMs?: number;
}

/**
 * Measures downtime on a timeline of samples. A failure window opens at the start of a failing request
 * and closes at the start of the next passing one (or at `endMs` when none passed again), so a window
 * covers the whole time a visitor arriving would have failed, not just the failing requests' durations.
 * @example measureGaps([{ startedAtMs: 0, passed: true }, { startedAtMs: 200, passed: false },
 *   { startedAtMs: 400, passed: true }], 600) // { sent: 3, failed: 1, longestGapMs: 200, gapStartedAtMs: 200 }
 */
export function measureGaps(samples: readonly ProbeSample[], endMs: number): GapMeasure {
  const ordered = [...samples].sort((a, b) => a.startedAtMs - b.startedAtMs);
  const measure: GapMeasure = { sent: ordered.length, failed: 0, longestGapMs: 0 };
  let openedAt: number | undefined;
  const close = (at: number) => {
    if (openedAt === undefined) return;
    const length = Math.max(0, at - openedAt);
    if (measure.gapStartedAtMs === undefined || length > measure.longestGapMs) {
      measure.longestGapMs = length;
      measure.gapStartedAtMs = openedAt;
    }
    openedAt = undefined;
  };
  for (const sample of ordered) {
    if (sample.passed) {
      close(sample.startedAtMs);
    } else {
      measure.failed += 1;
      openedAt ??= sample.startedAtMs;
    }
  }
  close(Math.max(endMs, ordered.at(-1)?.startedAtMs ?? endMs));
  return measure;
}
