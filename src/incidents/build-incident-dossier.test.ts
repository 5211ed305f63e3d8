import { describe, expect, it } from 'vitest';
import { buildIncidentDossier } from './build-incident-dossier.js';
import { replayHistories } from './replay-histories.test-helper.js';

describe('buildIncidentDossier at fleet scale', () => {
  // The store hands over every round of the affected targets since an hour before the incident: for a
  // fleet-wide one that is hundreds of thousands. Math.max(...rounds) overflowed the stack past ~120,000.
  it('builds the dossier of an open incident from 200,000 rounds', () => {
    const { histories, rounds } = replayHistories('door-shut-40-hostnames');
    const history = [...histories.values()][0];
    if (history === undefined) throw new Error('no incident');
    const open = { ...history, record: { ...history.record, status: 'open' as const } };
    delete open.record.resolvedAt;
    const last = rounds.at(-1);
    if (last === undefined) throw new Error('no rounds');
    const many = [...rounds, ...new Array(200_000).fill(last)];
    const dossier = buildIncidentDossier({ history: open, rounds: many });
    expect(dossier.targets).toHaveLength(80);
    expect(dossier.firstFailureAt).toBe('2026-11-23T04:01:00.000Z');
  });
});

describe('buildIncidentDossier and the changes the engine attached', () => {
  // Incident 000: web1's agent reported the unattended upgrade and the door taken before the edge's 521s.
  // The daemon's feed passes no changes of its own, so the dossier must carry the record's.
  it("lists the record's host changes and likely causes when no changes are passed", () => {
    const { histories, rounds } = replayHistories('edge-521-agent-000');
    const history = [...histories.values()].find((entry) => (entry.record.changes ?? []).length > 0);
    if (history === undefined) throw new Error('no incident with changes');
    const dossier = buildIncidentDossier({ history, rounds });
    expect(dossier.changes.length).toBeGreaterThan(0);
    // web2's failed gate (within 30 minutes) sits beside web1's host changes.
    expect(dossier.changes.filter((change) => change.kind === 'deploy')).toHaveLength(1);
    expect(
      dossier.changes.filter((change) => change.kind === 'agent').every((change) => change.origin === 'web1'),
    ).toBe(true);
    expect(dossier.changes.map((change) => change.summary)).toEqual(
      (history.record.changes ?? []).map((change) => change.line),
    );
    expect(dossier.likelyCauses).toEqual((history.record.likelyCauses ?? []).map((cause) => cause.headline));
    expect(dossier.likelyCauses[0]).toMatch(/unattended-upgrades/);
  });
});

describe('buildIncidentDossier and maintenance windows', () => {
  const window = (id: string, startsAt: string, endsAt: string) => ({
    id,
    name: id,
    source: 'api' as const,
    scope: { sites: [], origins: ['web1'], environments: [] },
    startsAt,
    endsAt,
    reason: `${id} work`,
  });

  // door-shut-40-hostnames: first failure 04:01:00, resolved 04:07:46. A window is the incident's when it
  // overlaps the two hours before the first failure up to the resolution, as changes are.
  it('keeps the windows that overlap the incident or the two hours before it, and no other', () => {
    const { histories, rounds } = replayHistories('door-shut-40-hostnames');
    const history = [...histories.values()][0];
    if (history === undefined) throw new Error('no incident');
    const dossier = buildIncidentDossier({
      history,
      rounds,
      windows: [
        window('during', '2026-11-23T04:03:00.000Z', '2026-11-23T04:20:00.000Z'),
        window('before', '2026-11-23T03:00:00.000Z', '2026-11-23T03:30:00.000Z'),
        window('long-ago', '2026-11-23T00:00:00.000Z', '2026-11-23T01:59:00.000Z'),
        window('after', '2026-11-23T04:08:00.000Z', '2026-11-23T05:00:00.000Z'),
      ],
    });
    expect(dossier.maintenance.map((kept) => kept.id)).toEqual(['during', 'before']);
  });
});

describe('buildIncidentDossier: the layers and verdicts of the whole incident', () => {
  // The dashboard's browser test caught it: web1's nginx came back a round before the CDN retried it, so
  // the resolved incident's message held the edge's last failure alone, and the write-up of a shut front
  // door said "Which layer failed: edge".
  it('keeps the layers its targets failed at earlier when the message tells the last failure only', () => {
    const { histories, rounds } = replayHistories('door-shut-40-hostnames');
    const history = [...histories.values()][0];
    if (history === undefined) throw new Error('no incident');
    const lastOnly = {
      ...history,
      message: { ...history.message, layer: 'edge', verdicts: ['edge_origin_unreachable' as const] },
    };
    const dossier = buildIncidentDossier({ history: lastOnly, rounds });
    expect(dossier.layer).toBe('edge, connect');
    expect(dossier.verdicts).toEqual(['edge_origin_unreachable', 'connect_refused']);
    // The recorded message tells web1's refusals (its last failure); the edge's 521s come after them.
    expect(history.message.layer).toBe('connect');
    const told = buildIncidentDossier({ history, rounds });
    expect([told.layer, told.verdicts]).toEqual([
      'connect, edge',
      ['connect_refused', 'edge_origin_unreachable'],
    ]);
  });
});
