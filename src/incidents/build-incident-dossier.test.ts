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
