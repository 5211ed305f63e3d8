import { describe, expect, it } from 'vitest';
import { correlate } from '../diagnose/correlate.js';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import type { TargetResult } from '../diagnose/target-result.js';
import type { Verdict } from '../diagnose/verdict.js';
import type { DeployMark } from './deploy-mark.js';
import type { EngineInput } from './engine-input.js';
import { buildEngineSettings } from './engine-settings.js';
import { createEngineState, type EngineState } from './engine-state.js';
import { hostEventSchema } from './host-event.js';
import type { IncidentNotification, Transition } from './incident.js';
import { step } from './step.js';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function harness() {
  const settings = buildEngineSettings();
  let state: EngineState = createEngineState();
  const latest = new Map<string, TargetResult>();
  const notifications: IncidentNotification[] = [];
  const transitions: Transition[] = [];
  const feed = (input: EngineInput) => {
    const result = step(state, input, settings);
    state = result.state;
    notifications.push(...result.notifications);
    transitions.push(...result.transitions);
    return result;
  };
  /** web1's door (a and b) failing or passing at `seconds`, twice, so the page policy opens or resolves. */
  const door = (seconds: number, verdict: Verdict) => {
    for (const offset of [0, 30]) {
      const rounds = ['a.example.com', 'b.example.com'].map((hostname) => {
        const result = buildResult(hostname, 'web1', verdict, hostname.split('.')[0]);
        latest.set(result.id, result);
        return { at: at(seconds + offset), location: 'ams', reason: 'confirmation' as const, result };
      });
      feed({
        type: 'rounds',
        at: at(seconds + offset),
        location: 'ams',
        rounds,
        findings: correlate([...latest.values()]),
      });
    }
  };
  return { feed, door, notifications, transitions, state: () => state };
}

function gate(seconds: number, origins: string[], result: DeployMark['result'] = 'failed'): EngineInput {
  return {
    type: 'deploy',
    at: at(seconds + 1),
    id: `d${seconds}`,
    mark: {
      version: `v${seconds}`,
      result,
      reasons: result === 'failed' ? ['shop.example.com via web1: 3 of 40 requests failed'] : [],
      mode: 'during',
      startedAt: at(seconds - 60),
      endedAt: at(seconds),
      interrupted: false,
      origins,
      targetCount: 1,
      failedCount: result === 'failed' ? 1 : 0,
      targets: [],
      targetsTruncated: false,
    },
  };
}

let sequence = 1;
function drift(seconds: number, origin = 'web1'): EngineInput {
  const event = hostEventSchema.parse({
    type: 'config_drift_appeared',
    origin,
    sequence: sequence++,
    observedAt: at(seconds),
    config: '/etc/nginx/nginx.conf',
    sha256: 'aa',
    baseline: { sha256: 'bb', acceptedAt: '2026-11-02T10:15:00.000Z' },
    changed: ['/etc/nginx/conf.d/app.conf'],
    added: [],
    removed: [],
    diff: '-    server 127.0.0.1:9000;\n+    server 127.0.0.1:9001;\n',
    diffTruncated: false,
  });
  return { type: 'host_events', at: at(seconds + 1), origin, events: [event] };
}

describe('changes beside incidents', () => {
  it('a failed gate opens nothing by itself', () => {
    const fleet = harness();
    const result = fleet.feed(gate(0, ['web1']));
    expect(result.transitions).toEqual([]);
    expect(result.notifications).toEqual([]);
    expect(result.state.deploys).toHaveLength(1);
  });

  it('shows a failed gate beside an incident that starts within 30 minutes, as its likely cause on its origin', () => {
    const fleet = harness();
    fleet.feed(gate(0, ['web1']));
    fleet.door(600, 'app_error');
    const [opened] = fleet.notifications;
    expect(opened?.kind).toBe('opened');
    expect(opened?.incident.failedGates?.map((g) => g.line)).toEqual([
      'deploy v0 failed its gate on web1: 1 of 1 targets failed',
    ]);
    expect(opened?.incident.likelyCause).toBe('deploy v0 failed its gate 09:00:00');
    const record = Object.values(fleet.state().incidents)[0];
    expect(record?.changes?.[0]).toMatchObject({ kind: 'deploy', failedGate: true, score: 7 });
  });

  it('shows a failed gate elsewhere beside it too, but never as its cause', () => {
    const fleet = harness();
    fleet.feed(gate(0, ['web2']));
    fleet.door(1200, 'connect_refused');
    const [opened] = fleet.notifications;
    expect(opened?.incident.failedGates?.map((g) => g.origins)).toEqual([['web2']]);
    expect(opened?.incident.likelyCause).toBeUndefined();
  });

  it('a gate failed more than 30 minutes before is not beside it; on its origin it is still a change', () => {
    const fleet = harness();
    fleet.feed(gate(0, ['web1']));
    fleet.feed(gate(10, ['web2']));
    fleet.door(45 * 60, 'app_error');
    const [opened] = fleet.notifications;
    expect(opened?.incident.failedGates).toBeUndefined();
    expect(opened?.incident.changes?.map((c) => c.key)).toEqual(['deploy:d0']);
  });

  it('attaches what arrives while open, tells the channels the better cause once, and keeps it', () => {
    const fleet = harness();
    fleet.door(0, 'connect_refused');
    expect(fleet.notifications.map((n) => n.kind)).toEqual(['opened']);
    fleet.feed(drift(40));
    fleet.feed(drift(50, 'web2'));
    expect(fleet.notifications.map((n) => n.kind)).toEqual(['opened', 'cause']);
    expect(fleet.notifications[1]?.incident.likelyCause).toBe(
      '/etc/nginx/nginx.conf drifted from its baseline 09:00:40',
    );
    expect(fleet.transitions.filter((t) => t.kind === 'explained')).toHaveLength(1);
    fleet.door(120, 'ok');
    const resolved = fleet.notifications.at(-1);
    expect(resolved?.kind).toBe('resolved');
    expect(resolved?.incident.changes?.map((c) => c.origins)).toEqual([['web1']]);
    // After it resolved, a change of its origin joins nothing.
    const after = fleet.feed(drift(400));
    expect(after.transitions).toEqual([]);
  });

  it('sends no cause while maintenance holds the incident’s messages; the timeline still has it', () => {
    const fleet = harness();
    fleet.feed({
      type: 'maintenance',
      at: at(0),
      action: 'start',
      window: {
        id: 'w1',
        name: 'patch-web1',
        source: 'api',
        scope: { sites: [], origins: ['web1'], environments: [] },
        startsAt: at(0),
        endsAt: at(3600),
      },
    });
    fleet.door(10, 'connect_refused');
    fleet.feed(drift(100));
    expect(fleet.notifications).toEqual([]);
    expect(fleet.transitions.map((t) => t.kind)).toEqual(['opened', 'explained']);
  });

  it('forgets changes once no incident can want them', () => {
    const fleet = harness();
    fleet.feed(drift(0));
    fleet.feed(gate(0, ['web1']));
    expect(fleet.state().changes?.web1).toHaveLength(1);
    fleet.feed(drift(4 * 3600, 'web2'));
    expect(fleet.state().changes?.web1).toBeUndefined();
    expect(fleet.state().deploys).toEqual([]);
  });
});
