import { describe, expect, it } from 'vitest';
import { app500Scenario } from '../../../src/lab/scenarios/app-500.js';
import { findingCodes, useScenario, verdictsOf } from './scenario-harness.js';

const lab = useScenario(app500Scenario);

describe.skipIf(lab.skip)("scenario app-500: the app's own 500 through nginx", () => {
  it('names the app, not the proxy', async () => {
    const report = await lab.check();
    expect(verdictsOf(report)).toEqual({
      'api.example.test via edge': 'app_error',
      'api.example.test via web1': 'app_error',
    });
    expect(report.results.map((result) => result.status)).toEqual([500, 500]);
    expect(report.results[1]?.summary).toContain('x-app-version: 2.0.0');
    expect(findingCodes(report)).toEqual([]);
    lab.expectMatch(report);
  });
});
