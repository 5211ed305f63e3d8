import { describe, expect, it } from 'vitest';
import { buildEngineSettings } from './engine-settings.js';
import { createEngineState } from './engine-state.js';
import { indexFailing } from './failing-index.js';
import type { Cause } from './incident.js';
import { joinIncident, leaveIncident, openIncident } from './incident-lifecycle.js';
import type { StepContext } from './step-context.js';

const AT = '2026-11-23T04:00:00.000Z';

function context(): StepContext {
  const state = createEngineState();
  return {
    state,
    settings: buildEngineSettings(),
    at: AT,
    atMs: Date.parse(AT),
    transitions: [],
    notifications: [],
    touched: new Set(),
    failing: indexFailing(state.targets),
    closed: [],
  };
}

const cause: Cause = {
  key: 'fleet:connect_refused',
  code: 'fleet_wide',
  rank: 3,
  summary: 'everything refuses',
};

describe('joining and leaving an incident', () => {
  it('joins new targets once each, in the order given, and records one transition for them', () => {
    const ctx = context();
    const incident = openIncident(ctx, 'page', cause, ['a', 'b']);
    joinIncident(ctx, incident, ['b', 'c', 'c', 'd', 'a']);
    expect(incident.members).toEqual(['a', 'b', 'c', 'd']);
    expect(incident.affected).toEqual(['a', 'b', 'c', 'd']);
    expect(ctx.transitions.at(-1)).toMatchObject({ kind: 'joined', targets: ['c', 'd'] });
    joinIncident(ctx, incident, ['a', 'd']);
    expect(ctx.transitions.at(-1)?.kind).toBe('joined');
    expect(ctx.transitions).toHaveLength(2);
  });

  // A fleet-wide cause on a large fleet: with a scan of the members per joining id (as joinIncident once
  // did) this is 10^10 comparisons and never finishes; with sets it is a few hundred thousand lookups.
  it('takes 100,000 targets into an incident of 100,000 and lets 100,000 leave it', () => {
    const ctx = context();
    const first = Array.from({ length: 100_000 }, (_, n) => `t${n}`);
    const second = Array.from({ length: 100_000 }, (_, n) => `u${n}`);
    const incident = openIncident(ctx, 'page', cause, first);
    joinIncident(ctx, incident, [...first, ...second]);
    expect(incident.members).toHaveLength(200_000);
    expect(ctx.transitions.at(-1)?.targets).toHaveLength(100_000);
    leaveIncident(ctx, incident, first, 'passing again');
    expect(incident.members).toEqual(second);
    expect(incident.affected).toHaveLength(200_000);
  }, 30_000);
});
