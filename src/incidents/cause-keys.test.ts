import { describe, expect, it } from 'vitest';
import { correlate } from '../diagnose/correlate.js';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import type { TargetResult } from '../diagnose/target-result.js';
import type { Verdict } from '../diagnose/verdict.js';
import { buildEngineSettings } from './engine-settings.js';
import { createEngineState, type EngineState } from './engine-state.js';
import type { IncidentNotification } from './incident.js';
import { step } from './step.js';

const T0 = Date.parse('2026-11-23T04:00:00Z');

/** [hostname, via, verdict, site]: one probe of a round. */
type Probe = [string, string, Verdict, string];

/**
 * Feeds the same probes for `rounds` confirmation-grade rounds 30 s apart (enough for `page`'s
 * failure-threshold of 2), each batch with correlate's findings over the latest results, as the watch does.
 */
function replay(probes: readonly Probe[], rounds = 3) {
  const settings = buildEngineSettings();
  let state: EngineState = createEngineState();
  const notifications: IncidentNotification[] = [];
  for (let n = 0; n < rounds; n += 1) {
    const at = new Date(T0 + n * 30_000).toISOString();
    const results: TargetResult[] = probes.map(([hostname, via, verdict, site]) =>
      buildResult(hostname, via, verdict, site),
    );
    const result = step(
      state,
      {
        type: 'rounds',
        at,
        location: 'ams',
        rounds: results.map((target) => ({
          at,
          location: 'ams',
          reason: 'confirmation' as const,
          result: target,
        })),
        findings: correlate(results),
      },
      settings,
    );
    state = result.state;
    notifications.push(...result.notifications);
  }
  return { notifications, incidents: Object.values(state.incidents) };
}

/**
 * WATCH.md: incidents are keyed by what failed, a correlate finding (shared door, fleet-wide, edge-only,
 * host binding, origin partial) or else one target's verdict; every failing target of that cause is in the
 * one incident, which pages once.
 */
describe('one incident per cause, keyed by the correlate finding', () => {
  it.each<[string, Probe[], string, string[]]>([
    [
      'shared front door of an origin',
      [
        ['a.example.com', 'web1', 'connect_refused', 'a'],
        ['b.example.com', 'web1', 'connect_refused', 'b'],
        ['c.example.com', 'web1', 'connect_refused', 'c'],
      ],
      'shared_front_door_down:web1',
      ['a:a.example.com/health@web1', 'b:b.example.com/health@web1', 'c:c.example.com/health@web1'],
    ],
    [
      'the same fault on every origin (fleet-wide)',
      [
        ['shop.example.com', 'web1', 'app_error', 'shop'],
        ['shop.example.com', 'web2', 'app_error', 'shop'],
      ],
      'fleet_wide:app_error',
      ['shop:shop.example.com/health@web1', 'shop:shop.example.com/health@web2'],
    ],
    [
      'edge only: the edge fails, every origin serves',
      [
        ['shop.example.com', 'edge', 'edge_origin_unreachable', 'shop'],
        ['www.example.com', 'edge', 'edge_origin_unreachable', 'shop'],
        ['shop.example.com', 'web1', 'ok', 'shop'],
        ['www.example.com', 'web1', 'ok', 'shop'],
      ],
      'edge_only:shop',
      ['shop:shop.example.com/health@edge', 'shop:www.example.com/health@edge'],
    ],
    [
      'host binding missing: one name of a site routed, the other not',
      [
        ['app.com', 'web1', 'host_not_routed', 'app'],
        ['app.local', 'web1', 'ok', 'app'],
      ],
      'host_binding_missing:web1/app',
      ['app:app.com/health@web1'],
    ],
    [
      'origin partial: a site fails on one origin and passes on the other',
      [
        ['shop.example.com', 'web1', 'app_error', 'shop'],
        ['www.example.com', 'web1', 'app_error', 'shop'],
        ['shop.example.com', 'web2', 'ok', 'shop'],
        ['www.example.com', 'web2', 'ok', 'shop'],
      ],
      'origin_partial:shop',
      ['shop:shop.example.com/health@web1', 'shop:www.example.com/health@web1'],
    ],
    [
      'no finding: the target and its verdict',
      [
        ['shop.example.com', 'web1', 'app_error', 'shop'],
        ['blog.example.com', 'web1', 'ok', 'blog'],
      ],
      'target:shop:shop.example.com/health@web1:app_error',
      ['shop:shop.example.com/health@web1'],
    ],
  ])('%s', (_, probes, key, members) => {
    const { notifications, incidents } = replay(probes);
    expect(incidents.map((incident) => incident.cause.key)).toEqual([key]);
    expect([...(incidents[0]?.members ?? [])].sort()).toEqual(members);
    expect(notifications.map((notification) => [notification.kind, notification.incident.cause.key])).toEqual(
      [['opened', key]],
    );
  });
});
