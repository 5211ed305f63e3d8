import { describe, expect, it } from 'vitest';
import { edge521Scenario } from '../../../src/lab/scenarios/edge-521.js';
import { findingCodes, useScenario, verdictsOf } from '../scenarios/scenario-harness.js';

const lab = useScenario(edge521Scenario);

describe.skipIf(lab.skip)('incident 000: nginx down on every origin behind the CDN', () => {
  it('names the edge 521 on every hostname and a shut door on each origin', async () => {
    const report = await lab.check();
    expect(verdictsOf(report)).toEqual({
      'www.example.test via edge': 'edge_origin_unreachable',
      'shop.example.test via edge': 'edge_origin_unreachable',
      'www.example.test via web1': 'connect_refused',
      'www.example.test via web2': 'connect_refused',
      'shop.example.test via web1': 'connect_refused',
      'shop.example.test via web2': 'connect_refused',
    });
    expect(report.results[0]?.status).toBe(521);
    expect(findingCodes(report)).toEqual(['shared_front_door_down', 'shared_front_door_down', 'fleet_wide']);
    const [web1Door, web2Door, fleet] = report.findings;
    expect(web1Door?.targets).toEqual(['www.example.test via web1', 'shop.example.test via web1']);
    expect(web2Door?.targets).toEqual(['www.example.test via web2', 'shop.example.test via web2']);
    expect(fleet?.summary).toContain('web1 and web2');
    lab.expectMatch(report);
  });

  it('shows the squatter on the same port of another address', () => {
    const { config, notes } = lab.running();
    const web1 = config.origins.web1;
    expect(notes.join('\n')).toContain(`holds port ${web1?.port}`);
  });
});
