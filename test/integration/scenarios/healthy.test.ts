import { describe, expect, it } from 'vitest';
import { healthyScenario } from '../../../src/lab/scenarios/healthy.js';
import { findingCodes, useScenario, verdictsOf } from './scenario-harness.js';

const lab = useScenario(healthyScenario);

describe.skipIf(lab.skip)('scenario healthy: a full fleet with nothing broken', () => {
  it('gives every target ok and raises no finding, with single probes and with bursts', async () => {
    for (const burst of [1, 10]) {
      const report = await lab.check(burst);
      expect(Object.values(verdictsOf(report))).toEqual(Array(12).fill('ok'));
      expect(Object.keys(verdictsOf(report))).toEqual([
        'shop.example.test via edge',
        'shop.internal.test via edge',
        'shop.example.test via web1',
        'shop.example.test via web2',
        'shop.internal.test via web1',
        'shop.internal.test via web2',
        'blog.example.test via edge',
        'blog.internal.test via edge',
        'blog.example.test via web1',
        'blog.example.test via web2',
        'blog.internal.test via web1',
        'blog.internal.test via web2',
      ]);
      expect(findingCodes(report)).toEqual([]);
      expect(report.ok).toBe(true);
      lab.expectMatch(report, burst);
    }
  });
});
