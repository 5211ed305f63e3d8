import { describe, expect, it } from 'vitest';
import { invalidHostnameScenario } from '../../../src/lab/scenarios/invalid-hostname.js';
import { findingCodes, useScenario, verdictsOf } from '../scenarios/scenario-harness.js';

const lab = useScenario(invalidHostnameScenario);

describe.skipIf(lab.skip)('incident 001: the public name is not bound on the blue/green proxy', () => {
  it('finds the public names unrouted, through the edge and on each origin, in production and acceptance', async () => {
    const report = await lab.check();
    expect(verdictsOf(report)).toEqual({
      'app.example.test via edge': 'host_not_routed',
      'app.internal.test via edge': 'ok',
      'app.example.test via web1': 'host_not_routed',
      'app.internal.test via web1': 'ok',
      'app.acc.example.test via edge': 'host_not_routed',
      'app.acc.internal.test via edge': 'ok',
      'app.acc.example.test via at1': 'host_not_routed',
      'app.acc.internal.test via at1': 'ok',
    });
    const publicOnWeb1 = report.results.find((result) => result.target === 'app.example.test via web1');
    expect(publicOnWeb1?.status).toBe(400);
    expect(publicOnWeb1?.summary).toContain('Invalid Hostname');
    expect(publicOnWeb1?.environment).toBe('production');
    expect(findingCodes(report)).toEqual(['fleet_wide', 'host_binding_missing', 'host_binding_missing']);
    const [, production, acceptance] = report.findings;
    expect(production?.summary).toContain('web1 routes app.internal.test but not app.example.test');
    expect(acceptance?.summary).toContain('at1 routes app.acc.internal.test but not app.acc.example.test');
    lab.expectMatch(report);
  });
});
