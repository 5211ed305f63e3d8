import { describe, expect, it } from 'vitest';
import { measureGaps, type ProbeSample } from './measure-gaps.js';

const timeline = (entries: Array<[number, boolean]>): ProbeSample[] =>
  entries.map(([startedAtMs, passed]) => ({ startedAtMs, passed }));

describe('measureGaps', () => {
  it('reports no gap when every request passed', () => {
    expect(
      measureGaps(
        timeline([
          [0, true],
          [200, true],
          [400, true],
        ]),
        600,
      ),
    ).toEqual({
      sent: 3,
      failed: 0,
      longestGapMs: 0,
    });
  });

  it('reports nothing sent for an empty timeline', () => {
    expect(measureGaps([], 1000)).toEqual({ sent: 0, failed: 0, longestGapMs: 0 });
  });

  it('measures from the first failing start to the next passing start', () => {
    const samples = timeline([
      [0, true],
      [200, false],
      [400, false],
      [600, false],
      [800, true],
      [1000, true],
    ]);
    expect(measureGaps(samples, 1200)).toEqual({
      sent: 6,
      failed: 3,
      longestGapMs: 600,
      gapStartedAtMs: 200,
    });
  });

  it('keeps the longest of several windows and where it started', () => {
    const samples = timeline([
      [0, false],
      [100, true],
      [200, false],
      [300, false],
      [450, true],
      [500, false],
      [550, true],
    ]);
    expect(measureGaps(samples, 600)).toEqual({ sent: 7, failed: 4, longestGapMs: 250, gapStartedAtMs: 200 });
  });

  it('runs a window that never closed to the end of the deploy', () => {
    const samples = timeline([
      [0, true],
      [200, true],
      [400, false],
      [600, false],
    ]);
    expect(measureGaps(samples, 1500)).toMatchObject({ failed: 2, longestGapMs: 1100, gapStartedAtMs: 400 });
  });

  it('orders samples by start time, whatever order they were recorded in', () => {
    const samples = timeline([
      [400, true],
      [0, true],
      [200, false],
    ]);
    expect(measureGaps(samples, 500)).toMatchObject({ failed: 1, longestGapMs: 200, gapStartedAtMs: 200 });
  });

  it('counts a single failing request as a window of its own even when the end is before it', () => {
    expect(measureGaps(timeline([[300, false]]), 100)).toEqual({
      sent: 1,
      failed: 1,
      longestGapMs: 0,
      gapStartedAtMs: 300,
    });
  });
});
