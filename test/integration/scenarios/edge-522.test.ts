import { describe, expect, it } from 'vitest';
import { edge522Scenario } from '../../../src/lab/scenarios/edge-522.js';
import { findingCodes, useScenario, verdictsOf } from './scenario-harness.js';

const lab = useScenario(edge522Scenario);

describe.skipIf(lab.skip)('scenario edge-522: a firewall drops every packet to the origins', () => {
  it('names the edge 522 on every hostname and unanswered handshakes on each origin, not a shut port', async () => {
    const report = await lab.check();
    expect(verdictsOf(report)).toEqual({
      'www.example.test via edge': 'edge_origin_unreachable',
      'shop.example.test via edge': 'edge_origin_unreachable',
      'www.example.test via web1': 'connect_timeout',
      'www.example.test via web2': 'connect_timeout',
      'shop.example.test via web1': 'connect_timeout',
      'shop.example.test via web2': 'connect_timeout',
    });
    const throughEdge = report.results.filter((result) => result.target.endsWith(' via edge'));
    expect(throughEdge.map((result) => result.status)).toEqual([522, 522]);
    expect(throughEdge[0]?.summary).toContain('522');
    expect(findingCodes(report)).toEqual(['shared_front_door_down', 'shared_front_door_down', 'fleet_wide']);
    expect(report.findings[0]?.summary).toContain('nothing at web1 answers the TCP handshake');
    expect(report.findings[0]?.summary).not.toContain('who owns the port');
    lab.expectMatch(report);
  });
});
