import type { Verdict } from '../../diagnose/verdict.js';
import { expectVerdicts, type LabSite } from './lab-config.js';
import type { RunningScenario } from './scenario.js';
import { type Endpoint, startEdgeForSites, type Topology } from './topology.js';

/** Two sites on both origins behind the edge, each sent by the edge to a different origin. */
const SITES_ON_TWO_ORIGINS: readonly LabSite[] = [
  {
    name: 'www',
    hostnames: ['www.example.test'],
    path: '/health',
    origins: ['web1', 'web2'],
    edgeOrigin: 'web1',
    expect: { status: [200], body: 'ok' },
  },
  {
    name: 'shop',
    hostnames: ['shop.example.test'],
    path: '/health',
    origins: ['web1', 'web2'],
    edgeOrigin: 'web2',
    expect: { status: [200], body: 'ok' },
  },
];

export interface DeadOrigins {
  scenario: string;
  /** where web1 and web2 should be serving, and are not */
  origins: { web1: Endpoint; web2: Endpoint };
  /** what a direct probe of either origin meets */
  originVerdict: Verdict;
  notes: string[];
}

/**
 * The edge in front of two origins where nothing serves, whatever the reason: every hostname fails through
 * the edge, each origin fails directly with `originVerdict`, and the diagnosis is one shut front door per
 * origin and one fault across the fleet.
 */
export async function startEdgeBeforeDeadOrigins(
  topology: Topology,
  dead: DeadOrigins,
): Promise<RunningScenario> {
  const config = await startEdgeForSites(topology, {
    scenario: dead.scenario,
    sites: SITES_ON_TWO_ORIGINS,
    origins: dead.origins,
  });
  const verdicts = expectVerdicts(config, (target) =>
    target.via === 'edge' ? 'edge_origin_unreachable' : dead.originVerdict,
  );
  return {
    config,
    caPath: topology.caPath,
    expect: () => ({
      verdicts,
      findings: ['shared_front_door_down', 'shared_front_door_down', 'fleet_wide'],
    }),
    notes: dead.notes,
    stop: () => topology.stop(),
  };
}
