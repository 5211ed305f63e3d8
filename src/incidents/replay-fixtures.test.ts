import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { composeMessage } from './compose-message.js';
import { buildEngineSettings } from './engine-settings.js';
import { SCENARIO_CONFIG } from './fixtures/scenario-config.js';
import { renderFixtureFiles } from './fixtures/scenarios.js';
import type { IncidentNotification, IncidentRecord } from './incident.js';
import { parseReplayText, replayInputs } from './replay.js';

const FOLDER = new URL('./fixtures/', import.meta.url);
const CONFIG_PATH = fileURLToPath(new URL('frontdoor.yaml', FOLDER));
const config = parseConfig(readFileSync(CONFIG_PATH, 'utf8'), CONFIG_PATH, { reader: 'serve' });
const settings = buildEngineSettings(config);

function replayFixture(name: string) {
  const lines = parseReplayText(readFileSync(new URL(`${name}.jsonl`, FOLDER), 'utf8'), `${name}.jsonl`);
  const { state, steps } = replayInputs(lines, settings);
  const notifications = steps.flatMap((step) => step.notifications);
  const transitions = steps.flatMap((step) => step.transitions);
  return { state, steps, lines, notifications, transitions };
}

const kinds = (notifications: readonly IncidentNotification[]) => notifications.map((n) => n.kind);

describe('replay fixtures', () => {
  it('are what scripts/generate-incident-fixtures.js writes from the scenarios (real diagnose and correlate)', () => {
    const generated = renderFixtureFiles(
      parseConfig(SCENARIO_CONFIG, CONFIG_PATH, { reader: 'serve' }),
      SCENARIO_CONFIG,
    );
    for (const [name, text] of generated) {
      expect(
        readFileSync(new URL(name, FOLDER), 'utf8'),
        `${name} is stale: npm run fixtures:incidents`,
      ).toBe(text);
    }
  });

  it('40 hostnames losing one origin door give one page, with every hostname in it, and one resolution', () => {
    const { notifications, transitions } = replayFixture('door-shut-40-hostnames');
    expect(kinds(notifications)).toEqual(['opened', 'resolved']);
    const [opened, resolved] = notifications;
    expect(opened?.incident.cause.code).toBe('shared_front_door_down');
    expect(opened?.incident.origins).toEqual(['web1']);
    expect(opened?.incident.hostnames).toHaveLength(40);
    expect(opened?.channels).toEqual(['oncall', 'ops']);
    expect(opened?.key).toBe(`${opened?.incidentId}#1`);
    expect(resolved?.incidentId).toBe(opened?.incidentId);
    expect(resolved?.incident.targetCount).toBe(80);
    expect(resolved?.incident.verdicts).toContain('connect_refused');
    // the origin targets joined the open incident: recorded, not notified
    expect(transitions.filter((t) => t.kind === 'joined')).toHaveLength(1);
    expect(new Set(transitions.map((t) => t.incidentId)).size).toBe(1);
  });

  it('widening from one target to the whole origin re-keys the incident and never pages twice', () => {
    const { notifications, transitions } = replayFixture('widening');
    expect(kinds(notifications)).toEqual(['opened', 'widened', 'resolved']);
    expect(new Set(notifications.map((n) => n.incidentId)).size).toBe(1);
    const rekeyed = transitions.find((t) => t.kind === 'rekeyed');
    expect(rekeyed?.detail).toMatch(/^widened from target:w1:.* to shared_front_door_down:web3/);
    expect(notifications[1]?.incident.cause.previousKeys).toEqual([
      'target:w1:w1.example.com/health@web3:connect_refused',
    ]);
    expect(notifications[2]?.incident.hostnames).toHaveLength(5);
  });

  it('5% of requests failing, never a whole round, gives one intermittent incident with k of N', () => {
    const { notifications, state } = replayFixture('intermittent-5pct');
    expect(kinds(notifications)).toEqual(['opened']);
    expect(notifications[0]?.incident.cause.code).toBe('intermittent');
    expect(notifications[0]?.incident.title).toMatch(/intermittent: \d+ of \d+ recent requests failed/);
    expect(Object.values(state.incidents).map((incident) => incident.status)).toEqual(['open']);
  });

  it('a target flapping for 24 minutes sends one flapping message instead of one per cycle', () => {
    const { notifications, transitions } = replayFixture('flapping');
    // three ordinary cycles, then one flapping message, then silence until 30 minutes of stability
    expect(kinds(notifications)).toEqual([
      'opened',
      'resolved',
      'opened',
      'resolved',
      'opened',
      'resolved',
      'flapping',
      'resolved',
    ]);
    const flapping = notifications[6];
    const resolved = notifications[7];
    expect(flapping?.incident.flapping).toBe(true);
    expect(resolved?.incidentId).toBe(flapping?.incidentId);
    const lastRecovery = transitions
      .filter((t) => t.incidentId === flapping?.incidentId && t.kind === 'left')
      .at(-1);
    expect(Date.parse(resolved?.at ?? '') - Date.parse(lastRecovery?.at ?? '')).toBeGreaterThanOrEqual(
      30 * 60_000,
    );
  });

  it('failure-threshold, success-threshold and minimum-reminder-interval as Gatus means them', () => {
    const { notifications } = replayFixture('thresholds-reminders');
    expect(kinds(notifications)).toEqual(['opened', 'reminder', 'reminder', 'resolved']);
    // the blip at 30 s (its confirmation passed) never counted; the outage from 90 s needed 3 confirmed failures
    expect(notifications.map((n) => n.at)).toEqual([
      '2026-11-23T04:02:31.000Z',
      '2026-11-23T04:12:31.000Z',
      '2026-11-23T04:22:31.000Z',
      // one pass, a failure (resetting the passes), then three passes
      '2026-11-23T04:30:01.000Z',
    ]);
    expect(notifications[0]?.policy).toBe('strict');
    expect(notifications[0]?.severity).toBe('critical');
  });

  it('an outage that began inside a window is sent at once when it ends; a blip inside it never is', () => {
    const { notifications, transitions } = replayFixture('maintenance-began-inside');
    expect(kinds(notifications)).toEqual(['opened']);
    expect(notifications[0]?.at).toBe('2026-11-23T06:00:01.000Z');
    expect(notifications[0]?.incident.hostnames).toEqual(['cms.example.com']);
    expect(notifications[0]?.incident.maintenance).toBe('began during held by maintenance window patch-web7');
    expect(transitions.some((t) => t.detail.includes('the state did not change across it'))).toBe(true);
  });

  it('an outage paged before a window and still failing after it sends nothing more', () => {
    const { notifications } = replayFixture('maintenance-unchanged');
    expect(kinds(notifications)).toEqual(['opened']);
    expect(notifications[0]?.at).toBe('2026-11-23T04:50:31.000Z');
  });

  it('an outage paged before a window and fixed inside it is resolved when the window ends', () => {
    const { notifications } = replayFixture('maintenance-resolved-inside');
    expect(kinds(notifications)).toEqual(['opened', 'resolved']);
    expect(notifications[1]?.at).toBe('2026-11-23T06:00:01.000Z');
  });

  it("000 with web1's agent: the page names the upgrade and restart, then the cause once openvpn holds :443", () => {
    const { notifications, transitions, state } = replayFixture('edge-521-agent-000');
    expect(kinds(notifications)).toEqual(['opened', 'cause', 'resolved']);
    const [opened, cause, resolved] = notifications;
    expect(opened?.incident.cause.key).toBe('shared_front_door_down:web1');
    // The door shut at 06:12; by then the agent had reported the upgrade and the restart, not yet :443.
    expect(opened?.incident.likelyCause).toBe('nginx restarted by unattended-upgrades 06:11:04');
    expect(cause?.incidentId).toBe(opened?.incidentId);
    expect(cause?.incident.likelyCause).toBe(
      'nginx restarted by unattended-upgrades 06:11:04, then :443 held by openvpn pid 812',
    );
    expect(transitions.find((t) => t.kind === 'explained')?.detail).toBe(
      'likely cause: nginx restarted by unattended-upgrades 06:11:04, then :443 held by openvpn pid 812',
    );
    expect(resolved?.incident.likelyCause).toBe(cause?.incident.likelyCause);
    // Only web1's changes from 2 hours before; web2's drift and the 03:50 deploy are not its changes.
    const lines = (cause?.incident.changes ?? []).map((change) => change.line);
    expect(lines.some((line) => line.startsWith('tailscale removed'))).toBe(true);
    expect(lines.some((line) => line.includes('drifted'))).toBe(false);
    expect(lines.some((line) => line.includes('a1b2c3d'))).toBe(false);
    expect(
      cause?.incident.changes?.every((change) => change.origins.includes('web1') || change.type === 'deploy'),
    ).toBe(true);
    // web2's failed gate 22 minutes before is shown beside it, but is not a cause of web1's door.
    expect(cause?.incident.failedGates?.map((gate) => gate.line)).toEqual([
      'deploy 9e8d7c6 failed its gate on web2: 1 of 1 targets failed',
    ]);
    expect(cause?.incident.failedGates?.[0]?.score).toBe(0);
    expect(state.changes?.web1?.length).toBe(8);
  });

  it("an edge a round behind web1's brief outage joins its incident once it crosses its threshold: one page", () => {
    const { notifications, transitions } = replayFixture('edge-late-after-door');
    // The edge's targets began failing while the door was shut, and went down only after web1's passed:
    // they fail for the door, so they join its incident (recorded, not notified), and it resolves once they pass.
    expect(notifications.map((n) => [n.kind, n.incident.cause.key, n.at])).toEqual([
      ['opened', 'shared_front_door_down:web1', '2026-11-23T04:01:31.000Z'],
      ['resolved', 'shared_front_door_down:web1', '2026-11-23T04:03:11.000Z'],
    ]);
    expect(new Set(transitions.map((t) => t.incidentId)).size).toBe(1);
    const joined = transitions.find((t) => t.kind === 'joined');
    expect(joined?.at).toBe('2026-11-23T04:02:11.000Z');
    expect(joined?.detail).toMatch(/^joined: s0\d\.example\.com via edge/);
    expect(notifications[1]?.incident.targetCount).toBe(6);
  });

  it('acceptance is watched like production and routed to its own channels, by its own thresholds', () => {
    const { notifications } = replayFixture('acceptance-quiet');
    const opened = notifications.filter((n) => n.kind === 'opened');
    expect(opened.map((n) => [n.policy, n.channels, n.incident.environments])).toEqual([
      ['page', ['oncall', 'ops'], ['production']],
      ['quiet', ['acc'], ['acceptance']],
    ]);
    // quiet's failure-threshold is 3: one interval later than page's 2
    expect(Date.parse(opened[1]?.at ?? '') - Date.parse(opened[0]?.at ?? '')).toBe(30_000);
  });

  it('a failure seen from one location only is recorded as "seen from ams only" and pages nobody', () => {
    const { notifications, transitions, lines } = replayFixture('seen-from-one-location');
    expect(new Set(lines.map(({ input }) => (input.type === 'rounds' ? input.location : '')))).toEqual(
      new Set(['ams', 'fra', 'nyc']),
    );
    expect(notifications).toEqual([]);
    expect(transitions.map((t) => t.kind)).toEqual(['opened', 'left', 'resolved']);
    expect(transitions[0]?.detail).toMatch(
      /^seen from ams only: blog\.example\.com via edge; a page needs 2 of the 3 reporting locations/,
    );
    expect(transitions[0]?.cause).toMatch(/^seen_from_only:target:blog:/);
  });

  it('an incident open while seen from too few locations says so in its record and its message', () => {
    const { steps, lines } = replayFixture('seen-from-one-location');
    const opened = steps.findIndex((step) => step.transitions.some((t) => t.kind === 'opened'));
    const { state } = replayInputs(lines.slice(0, opened + 1), settings);
    const [incident] = Object.values(state.incidents);
    expect(incident?.partial).toEqual({ seenFrom: ['ams'], needed: 2, reporting: 3 });
    const message = composeMessage(incident as IncidentRecord, state.targets);
    expect(message.seenFromOnly).toEqual(['ams']);
    expect(message.title).toMatch(/^seen from ams only: blog\.example\.com via edge: /);
  });

  it('the same failure from two of three locations pages once, and resolves once, naming both', () => {
    const { notifications, transitions } = replayFixture('two-locations-agree');
    expect(kinds(notifications)).toEqual(['opened', 'resolved']);
    expect(notifications[0]?.incident.locations).toEqual(['ams', 'fra']);
    expect(notifications[1]?.incidentId).toBe(notifications[0]?.incidentId);
    // ams saw it first, alone: recorded, then handed over to the outage once fra agreed
    expect(transitions[0]?.detail).toMatch(/^seen from ams only/);
    expect(transitions.find((t) => t.kind === 'left')?.detail).toMatch(
      /^a quorum of 2 locations sees it fail/,
    );
  });

  it('a location that stops reporting is an incident of its own; a lone failure meanwhile still pages nobody', () => {
    const { notifications, transitions } = replayFixture('location-silent');
    expect(kinds(notifications)).toEqual(['opened', 'resolved']);
    const [opened, resolved] = notifications;
    expect(opened?.incident.cause).toMatchObject({ code: 'location_silent', key: 'location_silent:nyc' });
    expect(opened?.incident.title).toBe('probe location nyc stopped reporting');
    expect(opened?.incident.locations).toEqual(['nyc']);
    // silent from its last batch at 04:04:51 for 3 intervals, back at 04:15:21
    expect(opened?.at).toBe('2026-11-23T04:06:31.000Z');
    expect(resolved?.at).toBe('2026-11-23T04:15:21.000Z');
    expect(resolved?.detail).toBe('resolved: nyc reports again');
    // with nyc silent, a majority of the two that report is both: ams alone is recorded, not paged
    expect(transitions.some((t) => /^seen from ams only: .*2 of the 2 reporting/.test(t.detail))).toBe(true);
  });

  it('resumes from a serialised state exactly where it left off (the store persists the state)', () => {
    const { lines, steps } = replayFixture('widening');
    const half = Math.floor(lines.length / 2);
    const first = replayInputs(lines.slice(0, half), settings);
    const restored = JSON.parse(JSON.stringify(first.state));
    const second = replayInputs(lines.slice(half), settings, restored);
    expect([...first.steps, ...second.steps]).toEqual(steps);
  });
});
