import type { IncidentNotification } from '../../../src/incidents/incident.js';

/** A notification as the engine writes it, for channel tests: `hostnames` many affected hostnames on web1. */
export function buildNotification(
  options: { kind?: IncidentNotification['kind']; hostnames?: number; evidence?: number; id?: string } = {},
): IncidentNotification {
  const id = options.id ?? 'inc-20261123T040131Z-38af1142';
  const hostnames = Array.from({ length: options.hostnames ?? 3 }, (_, i) => `s${i + 1}.example.com`);
  const kind = options.kind ?? 'opened';
  return {
    type: 'incident',
    key: `${id}#${kind === 'resolved' ? 5 : 1}`,
    incidentId: id,
    transition: kind === 'resolved' ? 5 : 1,
    kind,
    at: '2026-11-23T04:01:31.000Z',
    policy: 'page',
    channels: ['oncall', 'ops'],
    severity: 'critical',
    detail: `opened: ${hostnames[0]} via web1 <and> others & more`,
    incident: {
      id,
      title: `front door of web1 down: connect_refused on ${hostnames.length} hostnames`,
      status: kind === 'resolved' ? 'resolved' : 'open',
      cause: {
        key: 'shared_front_door_down:web1',
        code: 'shared_front_door_down',
        summary: 'every hostname on web1 (10.0.0.11:443) fails at connect: the front door of web1 is shut',
        previousKeys: [],
      },
      layer: 'connect',
      verdicts: ['connect_refused'],
      summary: 'every hostname on web1 (10.0.0.11:443) fails at connect: the front door of web1 is shut',
      evidence: Array.from(
        { length: options.evidence ?? 2 },
        (_, i) => `evidence line ${i}: ${'x'.repeat(400)}`,
      ),
      hostnames,
      origins: ['web1'],
      sites: ['s1'],
      environments: ['production'],
      targets: hostnames.slice(0, 50).map((name) => ({
        id: `s:${name}/health@web1`,
        name: `${name} via web1`,
        verdict: 'connect_refused',
        summary: 'refused',
      })),
      targetCount: hostnames.length,
      since: '2026-11-23T04:01:31.000Z',
      ...(kind === 'resolved' ? { resolvedAt: '2026-11-23T04:07:46.000Z' } : {}),
      locations: ['ams'],
      flapping: false,
    },
  };
}
