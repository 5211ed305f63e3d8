import { describe, expect, it } from 'vitest';
import { upstreamTimeoutScenario } from '../../../src/lab/scenarios/upstream-timeout.js';
import { findingCodes, useScenario, verdictsOf } from './scenario-harness.js';

const lab = useScenario(upstreamTimeoutScenario);

describe.skipIf(lab.skip)("scenario upstream-timeout: nginx's 504 for a hanging app", () => {
  it('names the proxy timing out on its upstream, through the edge and directly', async () => {
    const report = await lab.check();
    expect(verdictsOf(report)).toEqual({
      'api.example.test via edge': 'proxy_upstream_unavailable',
      'api.example.test via web1': 'proxy_upstream_unavailable',
    });
    expect(report.results.map((result) => result.status)).toEqual([504, 504]);
    expect(report.results[1]?.summary).toContain('did not answer in time');
    // 504: the app was reached and hung, never "the app was not reached"
    expect(report.results[1]?.summary).toContain('the app was reached and hung');
    expect(report.results[1]?.summary).not.toContain('was not reached');
    expect(findingCodes(report)).toEqual([]);
    // the app did get the requests: it is the one hanging
    expect(lab.running().appRequests?.()).toBeGreaterThanOrEqual(2);
    lab.expectMatch(report);
  });
});
