import { describe, expect, it } from 'vitest';
import { flappingPoolScenario } from '../../../src/lab/scenarios/flapping-pool.js';
import { findingCodes, useScenario, verdictsOf } from '../scenarios/scenario-harness.js';

const lab = useScenario(flappingPoolScenario);

const TARGETS = [
  'app.example.test via edge',
  'app.internal.test via edge',
  'app.example.test via web1',
  'app.internal.test via web1',
];

describe.skipIf(lab.skip)("incident 003: nginx's own 500 for part of a burst after a deploy", () => {
  // Order matters: the burst runs on fresh limit buckets first, as a post-deploy check would.
  it('catches it with a burst of 10: intermittent, k of 10, the failures being nginx 500s in a few ms', async () => {
    const report = await lab.check(10);
    expect(verdictsOf(report)).toEqual(Object.fromEntries(TARGETS.map((name) => [name, 'intermittent'])));
    for (const result of report.results) {
      expect(result.burst).toEqual({ size: 10, failed: 2 });
      expect(result.summary).toMatch(/^2 of 10 requests failed \(proxy_generated_error\)/);
      expect(result.status).toBe(500);
    }
    expect(findingCodes(report)).toEqual([]);
    lab.expectMatch(report, 10);
  });

  it('is missed by a single probe, which passes with the new version', async () => {
    // Let the buckets drain (1 request per second) so the single probes meet an idle pool.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const report = await lab.check(1);
    expect(verdictsOf(report)).toEqual(Object.fromEntries(TARGETS.map((name) => [name, 'ok'])));
    expect(report.ok).toBe(true);
    lab.expectMatch(report, 1);
  });
});
