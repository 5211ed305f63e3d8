import { describe, expect, it } from 'vitest';
import { proxy500Scenario } from '../../../src/lab/scenarios/proxy-500.js';
import { findingCodes, useScenario, verdictsOf } from './scenario-harness.js';

const lab = useScenario(proxy500Scenario);

describe.skipIf(lab.skip)('scenario proxy-500: a 500 nginx made itself', () => {
  it('names the proxy as the author of the 500', async () => {
    const report = await lab.check();
    expect(verdictsOf(report)).toEqual({
      'www.example.test via edge': 'proxy_generated_error',
      'www.example.test via web1': 'proxy_generated_error',
    });
    expect(report.results.map((result) => result.status)).toEqual([500, 500]);
    expect(findingCodes(report)).toEqual([]);
    lab.expectMatch(report);
  });
});
