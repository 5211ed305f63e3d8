import { describe, expect, it } from 'vitest';
import { failedDuringDeploy } from './fails-gate.js';

describe('failedDuringDeploy', () => {
  it.each([
    [{ failed: 0, longestGapMs: 0 }, undefined, false],
    [{ failed: 1, longestGapMs: 200 }, undefined, true],
    [{ failed: 3, longestGapMs: 600 }, 600, false],
    [{ failed: 3, longestGapMs: 601 }, 600, true],
  ])('%o with --allow-gap %s -> %s', (measure, allowGapMs, fails) => {
    expect(failedDuringDeploy(measure, allowGapMs)).toBe(fails);
  });
});
