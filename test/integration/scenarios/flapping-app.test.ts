import { describe, expect, it } from 'vitest';
import { flappingAppScenario } from '../../../src/lab/scenarios/flapping-app.js';
import { findingCodes, useScenario, verdictsOf } from './scenario-harness.js';

const lab = useScenario(flappingAppScenario);

describe.skipIf(lab.skip)('scenario flapping-app: 1 request in 5 fails', () => {
  it('is missed by a single probe', async () => {
    const report = await lab.check(1);
    expect(verdictsOf(report)).toEqual({
      'api.example.test via edge': 'ok',
      'api.example.test via web1': 'ok',
    });
    expect(findingCodes(report)).toEqual([]);
    lab.expectMatch(report, 1);
  });

  it('is caught by a burst of 10 as intermittent, naming the app', async () => {
    const report = await lab.check(10);
    expect(verdictsOf(report)).toEqual({
      'api.example.test via edge': 'intermittent',
      'api.example.test via web1': 'intermittent',
    });
    for (const result of report.results) {
      expect(result.burst?.size).toBe(10);
      expect(result.burst?.failed).toBeGreaterThanOrEqual(1);
      expect(result.burst?.failed).toBeLessThanOrEqual(2);
      expect(result.summary).toContain('(app_error)');
    }
    expect(findingCodes(report)).toEqual([]);
    lab.expectMatch(report, 10);
  });
});
