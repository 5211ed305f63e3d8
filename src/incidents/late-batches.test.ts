import { describe, expect, it } from 'vitest';
import { buildEngineSettings } from './engine-settings.js';
import { at, createLocationFleet } from './location-fleet.test-helper.js';

/** Default page policy (failure-threshold 2, success-threshold 2), 30 s interval: a majority of those reporting. */
const MAJORITY = buildEngineSettings();

/**
 * ams and fra are cut off from the database from 45 s to 280 s while nyc, alone in the store, sees shop
 * fail at 60 and 90 s and pass from 120 s: nyc alone is the majority of those reporting, so the outage is
 * paged and resolved. Then ams and fra write their queues: their rounds of 60-270 s come in after nyc's of
 * 300 s, in commit order, ams and fra in turn.
 */
function partitionedFleet() {
  const fleet = createLocationFleet(MAJORITY);
  for (const seconds of [0, 30]) for (const where of ['ams', 'fra', 'nyc']) fleet.send(where, seconds, 'ok');
  for (const seconds of [60, 90]) fleet.send('nyc', seconds + 2, 'connect_timeout');
  for (let seconds = 120; seconds <= 300; seconds += 30) fleet.send('nyc', seconds + 2, 'ok');
  return fleet;
}

function sendLate(fleet: ReturnType<typeof createLocationFleet>): void {
  for (const seconds of [60, 90]) {
    fleet.send('ams', seconds, 'connect_timeout');
    fleet.send('fra', seconds + 1, 'connect_timeout');
  }
  for (let seconds = 120; seconds <= 270; seconds += 30) {
    fleet.send('ams', seconds, 'ok');
    fleet.send('fra', seconds + 1, 'ok');
  }
}

describe('batches that reach the store late', () => {
  it('never join a quorum with newer rounds: an outage paged and resolved is not paged again', () => {
    const fleet = partitionedFleet();
    const outage = () =>
      fleet.notifications
        .filter((notification) => notification.incident.cause.code !== 'location_silent')
        .map((notification) => `${notification.kind} ${notification.at}`);
    expect(outage()).toEqual([`opened ${at(92)}`, `resolved ${at(152)}`]);
    sendLate(fleet);
    expect(outage()).toEqual([`opened ${at(92)}`, `resolved ${at(152)}`]);
    // The engine's time never goes back: whatever a late batch causes happens when the engine learns of it.
    expect(fleet.transitions.every((transition) => transition.at >= at(92))).toBe(true);
    const times = fleet.transitions.map((transition) => transition.at);
    expect(times).toEqual([...times].sort());
    // The late rounds still count in each location's own view: it is where they left it, up.
    const views = fleet.state().views[Object.keys(fleet.state().views)[0] ?? ''];
    expect(views?.ams?.state).toBe('up');
    expect(views?.fra?.state).toBe('up');
  });

  it("resolve a location's silence once its rounds are current again, and open it no second time", () => {
    const fleet = partitionedFleet();
    const silence = (where: string) =>
      fleet.transitions.filter((transition) => transition.cause === `location_silent:${where}`);
    expect(silence('ams').map((transition) => transition.kind)).toEqual(['opened']);
    sendLate(fleet);
    // ams's batch of 270 s is current beside nyc's of 302 s: only then does ams report again.
    expect(silence('ams').map((transition) => `${transition.kind} ${transition.at}`)).toEqual([
      `opened ${at(122)}`,
      `resolved ${at(302)}`,
    ]);
    const silent = fleet.notifications.filter(
      (notification) => notification.incident.cause.code === 'location_silent',
    );
    expect(silent.map((notification) => notification.kind)).toEqual([
      'opened',
      'opened',
      'resolved',
      'resolved',
    ]);
  });
});
