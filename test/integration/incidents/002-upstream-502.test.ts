import { describe, expect, it } from 'vitest';
import { upstream502Scenario } from '../../../src/lab/scenarios/upstream-502.js';
import { findingCodes, useScenario, verdictsOf } from '../scenarios/scenario-harness.js';

const lab = useScenario(upstream502Scenario);

describe.skipIf(lab.skip)("incident 002: an update altered nginx's upstream on both origins", () => {
  it("names nginx's own 502 on every target, fleet-wide, without the app being reached", async () => {
    const report = await lab.check();
    expect(verdictsOf(report)).toEqual({
      'shop.example.test via edge': 'proxy_upstream_unavailable',
      'shop.internal.test via edge': 'proxy_upstream_unavailable',
      'shop.example.test via web1': 'proxy_upstream_unavailable',
      'shop.example.test via web2': 'proxy_upstream_unavailable',
      'shop.internal.test via web1': 'proxy_upstream_unavailable',
      'shop.internal.test via web2': 'proxy_upstream_unavailable',
    });
    expect(report.results.map((result) => result.status)).toEqual([502, 502, 502, 502, 502, 502]);
    expect(report.results[2]?.summary).toContain('the app was not reached');
    expect(findingCodes(report)).toEqual(['fleet_wide']);
    expect(report.findings[0]?.targets).toHaveLength(4);
    expect(lab.running().appRequests?.()).toBe(0);
    lab.expectMatch(report);
  });
});
