import { describe, expect, it } from 'vitest';
import { CATCH_ALL_HOST } from '../check/catch-all-cache.js';
import type { FrontdoorConfig } from '../config/config-types.js';
import { WATCH_DEFAULTS } from '../config/watch-schema.js';
import { buildFailure, buildObservation } from '../diagnose/fixtures/build-observation.js';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import { buildTarget } from '../diagnose/fixtures/build-target.js';
import type { RoundBatch } from '../incidents/round.js';
import { createMemoryLogger } from '../log/logger.js';
import type { ProbeObservation, ProbeRequest } from '../probe/observation.js';
import { DEFAULT_TIMEOUTS } from '../probe/probe-options.js';
import { createWatch } from './create-watch.js';
import { createFakeWatchClock } from './fake-watch-clock.test-helper.js';
import type { WatchPlan } from './plan-watch.js';

const T0 = 1_800_000_000_000;

/** `host.test` probes through the edge; `host.test@web1` is pinned to origin web1. */
function planFor(names: string[], intervalMs = 1_000): WatchPlan {
  const targets = names.map((name) => {
    const [hostname = name, origin] = name.split('@');
    const target = buildTarget(origin === undefined ? { hostname } : { hostname, origin });
    return { id: target.id, intervalMs, origin, target };
  });
  return {
    config: { source: 'test.yaml' } as FrontdoorConfig,
    settings: { ...WATCH_DEFAULTS, intervalMs, burst: 1, retention: { ...WATCH_DEFAULTS.retention } },
    targets,
    probe: { timeouts: DEFAULT_TIMEOUTS, maxBodyBytes: 1024, follow: 0, tls: {} as never },
  };
}

/** A watch over fake probes: hostnames in `down` refuse connections, the rest answer 200 ok. */
function setUp(hostnames: string[]) {
  const clock = createFakeWatchClock(T0);
  const down = new Set<string>();
  const batches: RoundBatch[] = [];
  const bursts: Array<{ hostname: string; size: number }> = [];
  const answer = (request: ProbeRequest): ProbeObservation => {
    const hostname = new URL(request.url).hostname;
    return down.has(hostname)
      ? buildObservation({
          url: request.url,
          failure: buildFailure('connect', 'connect_refused', 'ECONNREFUSED'),
        })
      : buildObservation({ url: request.url, status: 200, body: 'ok' });
  };
  const watch = createWatch({
    location: 'ams',
    clock,
    logger: createMemoryLogger(),
    sink: { enqueue: (batch) => batches.push(batch) },
    probeFn: async (request) => answer(request),
    burstFn: async (request, _options, size) => {
      bursts.push({ hostname: new URL(request.url).hostname, size });
      return Array.from({ length: size }, () => answer(request));
    },
    batchMs: 500,
  });
  watch.apply(planFor(hostnames));
  return { clock, watch, down, batches, bursts };
}

const roundsOf = (batches: RoundBatch[]) => batches.flatMap((batch) => batch.rounds);

describe('createWatch', () => {
  it('probes every target each interval and closes batches of the rounds completed meanwhile', async () => {
    const { clock, watch, batches } = setUp(['a.test', 'b.test']);
    watch.start();
    await clock.advance(3_000);
    await watch.stop();
    const rounds = roundsOf(batches);
    expect(rounds.filter((round) => round.result.hostname === 'a.test')).toHaveLength(3);
    expect(rounds.filter((round) => round.result.hostname === 'b.test')).toHaveLength(3);
    expect(rounds.every((round) => round.location === 'ams' && round.reason === 'scheduled')).toBe(true);
    expect(rounds.every((round) => round.result.verdict === 'ok')).toBe(true);
    expect(batches.every((batch) => batch.type === 'rounds' && batch.location === 'ams')).toBe(true);
    const times = batches.map((batch) => batch.at);
    expect([...times].sort()).toEqual(times);
    expect(watch.status()).toMatchObject({ targets: 2, rounds: 6, missedRounds: 0, onTime: true });
  });

  it('confirms a first failure at once with a burst of 5, and only a first one', async () => {
    const { clock, watch, down, batches, bursts } = setUp(['a.test']);
    watch.start();
    await clock.advance(1_000);
    down.add('a.test');
    await clock.advance(3_000);
    await watch.stop();
    const reasons = roundsOf(batches).map((round) => `${round.reason}:${round.result.verdict}`);
    expect(reasons).toEqual([
      'scheduled:ok',
      'scheduled:connect_refused',
      'confirmation:connect_refused',
      'scheduled:connect_refused',
      'scheduled:connect_refused',
    ]);
    expect(bursts).toEqual([{ hostname: 'a.test', size: 5 }]);
    expect(roundsOf(batches)[2]?.result.burst).toEqual({ size: 5, failed: 5 });
  });

  it('sweeps the targets it is given at once with a burst of 5, and only those it knows', async () => {
    const { clock, watch, batches, bursts } = setUp(['a.test', 'b.test', 'c.test']);
    watch.start();
    await clock.advance(1_000);
    const ids = planFor(['a.test', 'c.test']).targets.map((target) => target.id);
    expect(watch.sweep([...ids, 'shop:nowhere.test/health@edge'])).toBe(2);
    await clock.advance(600);
    await watch.stop();
    const sweeps = roundsOf(batches).filter((round) => round.reason === 'sweep');
    expect(sweeps.map((round) => round.result.hostname).sort()).toEqual(['a.test', 'c.test']);
    expect(bursts).toEqual([
      { hostname: 'a.test', size: 5 },
      { hostname: 'c.test', size: 5 },
    ]);
    expect(watch.sweep(ids)).toBe(0);
  });

  it('confirms a failure on the very first round, when the target has no history', async () => {
    const { clock, watch, down, batches } = setUp(['a.test']);
    down.add('a.test');
    watch.start();
    await clock.advance(1_000);
    await watch.stop();
    expect(roundsOf(batches).map((round) => round.reason)).toEqual(['scheduled', 'confirmation']);
  });

  it('resumes from stored rounds: a target that was already failing is not confirmed again', async () => {
    const { clock, watch, down, batches } = setUp(['a.test']);
    const stored = planFor(['a.test']).targets[0]?.target;
    down.add('a.test');
    watch.resume([
      {
        at: new Date(T0 - 1_000).toISOString(),
        location: 'ams',
        reason: 'scheduled',
        result: {
          ...buildResult('a.test', 'edge', 'connect_refused'),
          id: stored?.id ?? '',
        },
      },
    ]);
    watch.start();
    await clock.advance(1_000);
    await watch.stop();
    expect(roundsOf(batches).map((round) => round.reason)).toEqual(['scheduled']);
  });

  it('correlates the latest result of every target into each batch', async () => {
    const { clock, watch, down, batches } = setUp(['a.test@web1', 'b.test@web1', 'a.test@web2']);
    down.add('a.test');
    down.add('b.test');
    watch.start();
    await clock.advance(2_000);
    await watch.stop();
    const last = batches.at(-1);
    expect(last?.findings.map((finding) => finding.code)).toContain('shared_front_door_down');
    expect(last?.findings.flatMap((finding) => finding.targetIds)).toContain('shop:b.test/health@web1');
  });

  it('recomputes findings when a verdict changes, and only then', async () => {
    const { clock, watch, down, batches } = setUp(['a.test@web1', 'b.test@web1']);
    down.add('a.test');
    down.add('b.test');
    watch.start();
    await clock.advance(2_000);
    expect(batches.at(-1)?.findings.map((finding) => finding.code)).toContain('shared_front_door_down');
    down.clear();
    await clock.advance(2_000);
    await watch.stop();
    expect(batches.at(-1)?.findings).toEqual([]);
    expect(watch.findings()).toEqual([]);
  });

  it('forgets targets a reload removes and starts the ones it adds', async () => {
    const { clock, watch, batches } = setUp(['a.test', 'b.test']);
    watch.start();
    await clock.advance(2_000);
    watch.apply(planFor(['b.test', 'c.test']));
    const before = roundsOf(batches).length;
    await clock.advance(2_000);
    await watch.stop();
    const after = roundsOf(batches)
      .slice(before)
      .map((round) => round.result.hostname);
    expect(after).not.toContain('a.test');
    expect(after).toContain('c.test');
    expect([...watch.latest().values()].map((round) => round.result.hostname).sort()).toEqual([
      'b.test',
      'c.test',
    ]);
  });
  it('asks a door for its catch-all at most once per round, however many of its hostnames fail', async () => {
    const clock = createFakeWatchClock(T0);
    const requests: ProbeRequest[] = [];
    const watch = createWatch({
      location: 'ams',
      clock,
      logger: createMemoryLogger(),
      sink: { enqueue: () => undefined },
      probeFn: async (request) => {
        requests.push(request);
        return buildObservation({ url: request.url, status: 404, body: 'no such site' });
      },
      burstFn: async (request, _options, size) => {
        requests.push(request);
        return Array.from({ length: size }, () =>
          buildObservation({ url: request.url, status: 404, body: 'no such site' }),
        );
      },
      batchMs: 500,
    });
    const plan = planFor(['a.test@web1', 'b.test@web1', 'c.test@web1']);
    // Plain http on one origin door: the Host header alone picks the server block there.
    for (const entry of plan.targets) {
      entry.target.url = entry.target.url.replace('https:', 'http:');
      entry.target.connectTo = { host: '10.0.0.11', port: 80 };
    }
    watch.apply(plan);
    watch.start();
    await clock.advance(3_000);
    await watch.stop();
    const catchAlls = requests.filter((request) => request.hostHeader === CATCH_ALL_HOST);
    const rounds = requests.filter((request) => request.hostHeader === undefined).length;
    expect(rounds).toBeGreaterThanOrEqual(9);
    // Three rounds of three failing targets (and their confirmations): one catch-all per round.
    expect(catchAlls).toHaveLength(3);
  });
});
