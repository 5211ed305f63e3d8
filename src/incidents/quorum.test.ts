import { describe, expect, it } from 'vitest';
import { composeMessage } from './compose-message.js';
import { buildEngineSettings, locationSettings } from './engine-settings.js';
import { createEngineState, type EngineStateV1, upgradeEngineState } from './engine-state.js';
import type { IncidentRecord } from './incident.js';
import { at, createLocationFleet, T0 } from './location-fleet.test-helper.js';
import { quorumAt } from './quorum.js';

/** Default page policy (failure-threshold 2, success-threshold 2), 30 s interval. */
const MAJORITY = buildEngineSettings();

describe('quorum', () => {
  it('counts the locations that reported within one and a half intervals, and needs a majority of them', () => {
    const state = createEngineState();
    state.locations = {
      ams: { lastBatchAt: at(100) },
      fra: { lastBatchAt: at(80) },
      nyc: { lastBatchAt: at(60) },
    };
    expect(quorumAt(state, MAJORITY.locations, T0 + 100_000)).toEqual({
      reporting: ['ams', 'fra', 'nyc'],
      needed: 2,
    });
    // nyc's batch is 46 s old: past 45 s it does not count, and two locations need both
    expect(quorumAt(state, MAJORITY.locations, T0 + 106_000)).toEqual({
      reporting: ['ams', 'fra'],
      needed: 2,
    });
    expect(quorumAt(state, locationSettings(30_000, 1), T0 + 100_000).needed).toBe(1);
  });

  it('needs a majority to open and a majority to resolve; one location alone changes nothing', () => {
    const fleet = createLocationFleet(MAJORITY);
    for (const seconds of [0, 30])
      for (const where of ['ams', 'fra', 'nyc']) fleet.send(where, seconds, 'ok');
    for (const seconds of [60, 90, 120]) {
      fleet.send('ams', seconds, 'connect_timeout');
      fleet.send('fra', seconds + 1, 'connect_timeout');
      fleet.send('nyc', seconds + 2, 'ok');
    }
    expect(fleet.notifications.map((n) => n.kind)).toEqual(['opened']);
    // fra agreeing at 91 s made two of three: the page names both, and the target is down as a whole
    expect(fleet.notifications[0]?.at).toBe(at(91));
    expect(fleet.notifications[0]?.incident.locations).toEqual(['ams', 'fra']);
    // ams recovers, fra still fails: two of three see it pass only once ams has passed twice
    fleet.send('ams', 150, 'ok');
    fleet.send('fra', 151, 'connect_timeout');
    fleet.send('nyc', 152, 'ok');
    fleet.send('ams', 180, 'ok');
    expect(fleet.notifications.map((n) => n.kind)).toEqual(['opened', 'resolved']);
    expect(fleet.notifications[1]?.at).toBe(at(180));
    // fra keeps failing alone: recorded as seen from fra only, not paged again
    fleet.send('fra', 181, 'connect_timeout');
    fleet.send('nyc', 182, 'ok');
    const open = Object.values(fleet.state().incidents).filter((incident) => incident.status === 'open');
    expect(open.map((incident) => incident.partial?.seenFrom)).toEqual([['fra']]);
    expect(fleet.notifications).toHaveLength(2);
  });

  it('with watch.quorum: 3 two locations of three are recorded, not paged', () => {
    const fleet = createLocationFleet({ ...MAJORITY, locations: locationSettings(30_000, 3) });
    for (const seconds of [0, 30, 60, 90]) {
      fleet.send('ams', seconds, 'connect_timeout');
      fleet.send('fra', seconds + 1, 'connect_timeout');
      fleet.send('nyc', seconds + 2, 'ok');
    }
    expect(fleet.notifications).toEqual([]);
    const [sighting] = Object.values(fleet.state().incidents);
    expect(sighting?.partial).toEqual({ seenFrom: ['ams', 'fra'], needed: 3, reporting: 3 });
    expect(fleet.transitions[0]?.detail).toMatch(/^seen from ams only: .*needs 3 of the 3 reporting/);
    expect(composeMessage(sighting as IncidentRecord, fleet.state().targets).title).toMatch(
      /^seen from ams and fra only: /,
    );
  });

  it('one location alone decides while it is the only one reporting (a majority of one)', () => {
    const fleet = createLocationFleet(MAJORITY);
    fleet.send('ams', 0, 'connect_timeout');
    fleet.send('ams', 30, 'connect_timeout');
    expect(fleet.notifications.map((n) => n.kind)).toEqual(['opened']);
  });

  it('reads a version 1 state as version 2: its one view per target kept under its location', () => {
    const fleet = createLocationFleet(MAJORITY);
    fleet.send('ams', 0, 'connect_timeout');
    const { views, locations: known, ...rest } = fleet.state();
    const v1: EngineStateV1 = { ...rest, version: 1 };
    const upgraded = upgradeEngineState(v1);
    expect(upgraded.version).toBe(2);
    expect(upgraded.locations).toEqual(known);
    expect(Object.keys(upgraded.views)).toEqual(Object.keys(views));
    expect(upgradeEngineState(fleet.state())).toBe(fleet.state());
  });
});
