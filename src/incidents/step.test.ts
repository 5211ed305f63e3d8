import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../config/alerts-config.js';
import { correlate } from '../diagnose/correlate.js';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import type { TargetResult } from '../diagnose/target-result.js';
import type { Verdict } from '../diagnose/verdict.js';
import type { EngineInput } from './engine-input.js';
import { buildEngineSettings, type EngineSettings } from './engine-settings.js';
import { createEngineState, type EngineState } from './engine-state.js';
import type { IncidentNotification } from './incident.js';
import { step } from './step.js';

const T0 = Date.parse('2026-11-23T04:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** A fleet whose latest results feed correlate, as the watch's batches do. */
function harness(settings: EngineSettings = buildEngineSettings()) {
  let state: EngineState = createEngineState();
  const latest = new Map<string, TargetResult>();
  const notifications: IncidentNotification[] = [];
  const feed = (input: EngineInput) => {
    const result = step(state, input, settings);
    state = result.state;
    notifications.push(...result.notifications);
    return result;
  };
  return {
    notifications,
    state: () => state,
    feed,
    /** one batch at `seconds`: each [hostname, via, verdict] probed with a confirmation-grade round */
    round(seconds: number, probes: Array<[string, string, Verdict]>) {
      const rounds = probes.map(([hostname, via, verdict]) => {
        const result = buildResult(hostname, via, verdict, hostname.split('.')[0]);
        latest.set(result.id, result);
        return { at: at(seconds), location: 'ams', reason: 'confirmation' as const, result };
      });
      return feed({
        type: 'rounds',
        at: at(seconds),
        location: 'ams',
        rounds,
        findings: correlate([...latest.values()]),
      });
    },
  };
}

describe('step', () => {
  it('merges incidents already announced into the wider cause, telling their channels they are merged', () => {
    const fleet = harness();
    // a and b on web1 fail on their own first (c still serves), each paged
    for (const seconds of [0, 30]) {
      fleet.round(seconds, [
        ['a.example.com', 'web1', 'app_error'],
        ['b.example.com', 'web1', 'proxy_upstream_unavailable'],
        ['c.example.com', 'web1', 'ok'],
      ]);
    }
    expect(fleet.notifications.map((n) => n.kind)).toEqual(['opened', 'opened']);
    // then the whole door of web1 shuts
    for (const seconds of [60, 90]) {
      fleet.round(seconds, [
        ['a.example.com', 'web1', 'connect_refused'],
        ['b.example.com', 'web1', 'connect_refused'],
        ['c.example.com', 'web1', 'connect_refused'],
      ]);
    }
    const kinds = fleet.notifications.slice(2).map((n) => [n.kind, n.incident.cause.key]);
    expect(kinds).toEqual([
      ['widened', 'shared_front_door_down:web1'],
      ['merged', 'target:b:b.example.com/health@web1:proxy_upstream_unavailable'],
    ]);
    const open = Object.values(fleet.state().incidents);
    expect(open.map((incident) => [incident.cause.key, incident.members.length])).toEqual([
      ['shared_front_door_down:web1', 3],
    ]);
  });

  it('opens one incident for an origin whose HTTP/2 alone is broken, titled as such', () => {
    const fleet = harness();
    for (const seconds of [0, 30]) {
      const rounds = ['a.example.com', 'b.example.com'].map((hostname) => {
        const result = buildResult(hostname, 'web1', 'http2_failure', hostname.split('.')[0]);
        result.overHttp1 = { verdict: 'ok', status: 200, summary: 'passes over HTTP/1.1' };
        return { at: at(seconds), location: 'ams', reason: 'confirmation' as const, result };
      });
      fleet.feed({
        type: 'rounds',
        at: at(seconds),
        location: 'ams',
        rounds,
        findings: correlate(rounds.map((round) => round.result)),
      });
    }
    const opened = fleet.notifications.filter((n) => n.kind === 'opened');
    expect(opened.map((n) => n.incident.cause.key)).toEqual(['http2_only_failure:web1']);
    expect(opened[0]?.incident.title).toBe(
      'HTTP/2 of web1 broken: 2 hostnames fail over HTTP/2, pass over HTTP/1.1',
    );
  });

  it('without send-on-resolved, a resolution is recorded but not sent', () => {
    const settings = buildEngineSettings();
    settings.policies.page = { ...DEFAULT_POLICIES.page, sendOnResolved: false };
    const fleet = harness(settings);
    fleet.round(0, [['a.example.com', 'web1', 'app_error']]);
    fleet.round(30, [['a.example.com', 'web1', 'app_error']]);
    fleet.round(60, [['a.example.com', 'web1', 'ok']]);
    const result = fleet.round(90, [['a.example.com', 'web1', 'ok']]);
    expect(result.transitions.map((t) => t.kind)).toEqual(['left', 'resolved']);
    expect(fleet.notifications.map((n) => n.kind)).toEqual(['opened']);
  });

  it('does not remind inside a maintenance window, and ends a window at its endsAt without an input', () => {
    const settings = buildEngineSettings();
    settings.policies.page = { ...DEFAULT_POLICIES.page, minimumReminderIntervalMs: 5 * 60_000 };
    const fleet = harness(settings);
    fleet.round(0, [['a.example.com', 'web1', 'app_error']]);
    fleet.round(30, [['a.example.com', 'web1', 'app_error']]);
    fleet.feed({
      type: 'maintenance',
      at: at(40),
      action: 'start',
      window: {
        id: 'mw',
        name: 'mw',
        source: 'api',
        scope: { sites: [], origins: ['web1'], environments: [] },
        startsAt: at(40),
        endsAt: at(1200),
      },
    });
    for (let seconds = 60; seconds < 1200; seconds += 30)
      fleet.round(seconds, [['a.example.com', 'web1', 'app_error']]);
    expect(fleet.notifications.map((n) => n.kind)).toEqual(['opened']);
    expect(Object.keys(fleet.state().windows)).toEqual(['mw']);
    fleet.round(1200, [['a.example.com', 'web1', 'app_error']]);
    expect(fleet.state().windows).toEqual({});
    expect(fleet.notifications.map((n) => n.kind)).toEqual(['opened', 'reminder']);
  });

  it('a resolution held by maintenance is sent with what the incident failed with, not what its target fails with now', () => {
    const fleet = harness();
    fleet.round(0, [['a.example.com', 'web1', 'app_error']]);
    fleet.round(30, [['a.example.com', 'web1', 'app_error']]);
    fleet.feed({
      type: 'maintenance',
      at: at(40),
      action: 'start',
      window: {
        id: 'mw',
        name: 'mw',
        source: 'api',
        scope: { sites: [], origins: ['web1'], environments: [] },
        startsAt: at(40),
        endsAt: at(300),
      },
    });
    // inside the window the app recovers (resolved, held), then the door shuts (a new cause, held)
    for (const seconds of [60, 90]) fleet.round(seconds, [['a.example.com', 'web1', 'ok']]);
    for (const seconds of [120, 150, 330])
      fleet.round(seconds, [['a.example.com', 'web1', 'connect_refused']]);
    expect(fleet.notifications.map((n) => [n.kind, n.incident.cause.key, n.incident.title])).toEqual([
      ['opened', 'target:a:a.example.com/health@web1:app_error', 'a.example.com via web1: app_error'],
      ['resolved', 'target:a:a.example.com/health@web1:app_error', 'a.example.com via web1: app_error'],
      [
        'opened',
        'target:a:a.example.com/health@web1:connect_refused',
        'a.example.com via web1: connect_refused',
      ],
    ]);
    expect(fleet.notifications[1]?.incident.verdicts).toEqual(['app_error']);
  });

  // 000's shape, briefly: web1's door (a, b, c) shuts; a through the edge answers 521 a round behind.
  const doorShut = (verdict: Verdict): Array<[string, string, Verdict]> =>
    ['a.example.com', 'b.example.com', 'c.example.com'].map((hostname) => [hostname, 'web1', verdict]);

  it('keeps the door incident open for an edge target that began failing during it, which then joins it', () => {
    const settings = buildEngineSettings();
    settings.policies.page = { ...DEFAULT_POLICIES.page, successThreshold: 1 };
    const fleet = harness(settings);
    fleet.round(0, [...doorShut('ok'), ['a.example.com', 'edge', 'ok']]);
    fleet.round(30, doorShut('connect_refused'));
    fleet.round(60, [...doorShut('connect_refused'), ['a.example.com', 'edge', 'edge_origin_unreachable']]);
    // web1 is back and its targets are up at once: the door incident would resolve now, with the edge
    // target one failure short of its threshold; it began failing while the door was shut, so it waits.
    const back = fleet.round(90, doorShut('ok'));
    expect(back.transitions.map((t) => t.kind)).toEqual(['left']);
    const late = fleet.round(100, [['a.example.com', 'edge', 'edge_origin_unreachable']]);
    expect(late.transitions.map((t) => [t.kind, t.cause, t.targets])).toEqual([
      ['joined', 'shared_front_door_down:web1', ['a:a.example.com/health@edge']],
    ]);
    fleet.round(130, [['a.example.com', 'edge', 'ok']]);
    expect(fleet.notifications.map((n) => [n.kind, n.incident.cause.key])).toEqual([
      ['opened', 'shared_front_door_down:web1'],
      ['resolved', 'shared_front_door_down:web1'],
    ]);
    expect(fleet.notifications[1]?.at).toBe(at(130));
    expect(fleet.state().incidents).toEqual({});
  });

  it('an edge target that began failing after the door came back is a cause of its own, even while the door incident is open', () => {
    const fleet = harness();
    fleet.round(0, [...doorShut('ok'), ['a.example.com', 'edge', 'ok']]);
    fleet.round(30, doorShut('connect_refused'));
    fleet.round(60, doorShut('connect_refused'));
    // web1 passes again (one pass of success-threshold's two); then the edge starts failing on its own.
    fleet.round(90, doorShut('ok'));
    fleet.round(100, [['a.example.com', 'edge', 'edge_origin_unreachable']]);
    fleet.round(110, [['a.example.com', 'edge', 'edge_origin_unreachable']]);
    fleet.round(120, doorShut('ok'));
    expect(fleet.notifications.map((n) => [n.kind, n.incident.cause.key])).toEqual([
      ['opened', 'shared_front_door_down:web1'],
      ['opened', 'edge_only:a'],
      ['resolved', 'shared_front_door_down:web1'],
    ]);
  });

  it('is pure: the state it was given is left as it was', () => {
    const fleet = harness();
    fleet.round(0, [['a.example.com', 'web1', 'app_error']]);
    const before = fleet.state();
    const copy = structuredClone(before);
    step(
      before,
      {
        type: 'rounds',
        at: at(30),
        location: 'ams',
        rounds: [
          {
            at: at(30),
            location: 'ams',
            reason: 'confirmation',
            result: buildResult('a.example.com', 'web1', 'app_error', 'a'),
          },
        ],
        findings: [],
      },
      buildEngineSettings(),
    );
    expect(before).toEqual(copy);
  });
});
