import { describe, expect, it } from 'vitest';
import { haproxyNoBackendScenario } from '../../../src/lab/scenarios/haproxy-no-backend.js';
import { findingCodes, useScenario, verdictsOf } from './scenario-harness.js';

const lab = useScenario(haproxyNoBackendScenario);

describe.skipIf(lab.skip)("scenario haproxy-no-backend: HAProxy's own 503", () => {
  it('names the proxy with no live server, over plain http through the edge and directly', async () => {
    const report = await lab.check();
    expect(verdictsOf(report)).toEqual({
      'lb.example.test via edge': 'proxy_upstream_unavailable',
      'lb.example.test via lb1': 'proxy_upstream_unavailable',
    });
    expect(report.results.map((result) => result.status)).toEqual([503, 503]);
    expect(report.results[1]?.summary).toContain('HAProxy');
    // 503: no live server to ask, worded apart from a 502's refusal and a 504's hang
    expect(report.results[1]?.summary).toContain('no server was left to ask');
    expect(report.results[1]?.summary).not.toContain('was not reached');
    expect(findingCodes(report)).toEqual([]);
    lab.expectMatch(report);
  });
});
