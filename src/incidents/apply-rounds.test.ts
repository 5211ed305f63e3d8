import { describe, expect, it } from 'vitest';
import { correlate } from '../diagnose/correlate.js';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import type { TargetResult } from '../diagnose/target-result.js';
import type { Verdict } from '../diagnose/verdict.js';
import { buildEngineSettings } from './engine-settings.js';
import { createEngineState, type EngineState } from './engine-state.js';
import type { IncidentNotification, Transition } from './incident.js';
import type { ProbeReason, TargetRound } from './round.js';
import { step } from './step.js';

const T0 = Date.parse('2026-12-05T00:44:22Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

type Probe = [ms: number, hostname: string, reason: ProbeReason, verdict: Verdict];

/**
 * The watch's batches as `frontdoor serve` closes them (one a second), so a target probed every 500 ms
 * (the lab's interval) has two or three rounds in one batch; findings over the latest result of each.
 */
function batches() {
  let state: EngineState = createEngineState();
  const settings = buildEngineSettings();
  const latest = new Map<string, TargetResult>();
  const transitions: Transition[] = [];
  const notifications: IncidentNotification[] = [];
  return {
    transitions,
    notifications,
    state: () => state,
    close(ms: number, probes: Probe[]) {
      const rounds: TargetRound[] = probes.map(([when, hostname, reason, verdict]) => {
        const result = buildResult(hostname, 'web1', verdict, hostname.split('.')[0]);
        latest.set(result.id, result);
        return { at: at(when), location: 'local', reason, result };
      });
      const result = step(
        state,
        { type: 'rounds', at: at(ms), location: 'local', rounds, findings: correlate([...latest.values()]) },
        settings,
      );
      state = result.state;
      transitions.push(...result.transitions);
      notifications.push(...result.notifications);
    },
  };
}

describe('applyRounds', () => {
  it('opens nothing for a target that crossed its threshold and passes again within the same batch (web1 reopened in the lab)', () => {
    // Recorded in the lab (outage-lab, interval 500 ms, the page policy: 2 failures down, 2 passes up):
    // web1 shut just before 00:44:24; shop went down in one batch, docs one round later, in the batch in
    // which web1 came back, so docs's failing round and its next, passing, round arrived together.
    const lab = batches();
    lab.close(1_000, [
      [100, 'shop.example.test', 'scheduled', 'ok'],
      [150, 'docs.example.test', 'scheduled', 'ok'],
    ]);
    lab.close(2_000, [
      [1_100, 'shop.example.test', 'scheduled', 'connect_refused'],
      [1_150, 'docs.example.test', 'scheduled', 'ok'],
      [1_200, 'shop.example.test', 'confirmation', 'connect_refused'],
      [1_600, 'shop.example.test', 'scheduled', 'connect_refused'],
      [1_650, 'docs.example.test', 'scheduled', 'connect_refused'],
      [1_700, 'docs.example.test', 'confirmation', 'connect_refused'],
    ]);
    lab.close(3_000, [
      [2_100, 'shop.example.test', 'scheduled', 'ok'],
      [2_150, 'docs.example.test', 'scheduled', 'connect_refused'],
      [2_600, 'shop.example.test', 'scheduled', 'ok'],
      [2_650, 'docs.example.test', 'scheduled', 'ok'],
    ]);
    lab.close(4_000, [
      [3_100, 'shop.example.test', 'scheduled', 'ok'],
      [3_150, 'docs.example.test', 'scheduled', 'ok'],
    ]);

    const causes = [...new Set(lab.transitions.map((transition) => transition.cause))];
    expect(causes).toEqual(['shared_front_door_down:web1']);
    expect(lab.notifications.map((n) => [n.kind, n.incident.title])).toEqual([
      ['opened', 'front door of web1 down: connect_refused on 1 hostname'],
      ['resolved', 'front door of web1 down: connect_refused on 1 hostname'],
    ]);
    expect(lab.state().incidents).toEqual({});
    expect(Object.values(lab.state().targets).map((track) => track.state)).toEqual(['up', 'up']);
  });

  it('places such a target once it fails again, under the cause of its failing result', () => {
    const fleet = batches();
    fleet.close(1_000, [[100, 'docs.example.test', 'scheduled', 'ok']]);
    fleet.close(2_000, [
      [1_100, 'docs.example.test', 'scheduled', 'app_error'],
      [1_150, 'docs.example.test', 'confirmation', 'app_error'],
    ]);
    // down at its second failure, passing again at the batch's end: nothing to name yet
    fleet.close(3_000, [
      [2_100, 'docs.example.test', 'scheduled', 'app_error'],
      [2_600, 'docs.example.test', 'scheduled', 'ok'],
    ]);
    expect(fleet.transitions).toEqual([]);
    expect(fleet.state().targets['docs:docs.example.test/health@web1']?.state).toBe('down');
    // failing again before it came up: still down, and now in an incident
    fleet.close(4_000, [[3_100, 'docs.example.test', 'scheduled', 'app_error']]);
    expect(fleet.notifications.map((n) => [n.kind, n.incident.cause.key, n.incident.title])).toEqual([
      [
        'opened',
        'target:docs:docs.example.test/health@web1:app_error',
        'docs.example.test via web1: app_error',
      ],
    ]);
  });
});
