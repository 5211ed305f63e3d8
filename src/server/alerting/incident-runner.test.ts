import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../config/alerts-config.js';
import type { DeployMark } from '../../incidents/deploy-mark.js';
import {
  buildEngineSettings,
  type EngineSettings,
  locationSettings,
} from '../../incidents/engine-settings.js';
import { createEngineState, type EngineState } from '../../incidents/engine-state.js';
import { hostEventSchema } from '../../incidents/host-event.js';
import type { RoundBatch } from '../../incidents/round.js';
import { step } from '../../incidents/step.js';
import { createMemoryLogger } from '../../log/logger.js';
import { readBatches } from '../../store/read-batches.js';
import type { Store } from '../../store/store.js';
import { assertLeaseHeld, claimLease, releaseLease } from '../../store/store-lease.js';
import { buildBatch, buildRound, useTempStores } from '../../store/store-test-fixtures.test-helper.js';
import { writeBatches } from '../../store/write-batches.js';
import { storeDeployMark, storeHostEvents } from '../../store/write-events.js';
import { createIncidentRunner } from './incident-runner.js';

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);

function settings(): EngineSettings {
  const built = buildEngineSettings();
  built.policies.page = { ...DEFAULT_POLICIES.page, channels: ['hook', 'chat'] };
  return built;
}

/** Both hostnames of one origin failing (or passing) at `seconds`, as confirmation rounds: they count at once. */
function batch(seconds: number, verdict: 'ok' | 'connect_refused'): RoundBatch {
  const atMs = T0 + seconds * 1_000;
  return buildBatch(atMs, [
    buildRound('a.test', 'web1', verdict, atMs, { reason: 'confirmation' }),
    buildRound('b.test', 'web1', verdict, atMs, { reason: 'confirmation' }),
  ]);
}

function runnerOn(store: Store, now = T0 + 600_000) {
  return createIncidentRunner({ store, settings, now: () => now, logger: createMemoryLogger() });
}

async function store1(store: Store, batches: RoundBatch[]) {
  const ids = await writeBatches(store, { batches });
  return readBatches(store, { afterId: (ids[0] ?? 1) - 1, limit: ids.length });
}

function count(path: string, sql: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** What the pure engine makes of the same inputs, from an empty state. */
function replay(batches: RoundBatch[]): { state: EngineState; transitions: number; notifications: number } {
  let state = createEngineState();
  let transitions = 0;
  let notifications = 0;
  for (const input of batches) {
    const result = step(state, input, settings());
    state = result.state;
    transitions += result.transitions.length;
    notifications += result.notifications.length;
  }
  return { state, transitions, notifications };
}

describe('the incident runner', () => {
  const openStore = useTempStores();

  it('after a crash between a batch commit and its step, a restart takes in the missed batches once', async () => {
    const { store, path } = await openStore();
    const inputs = [batch(0, 'connect_refused'), batch(30, 'connect_refused'), batch(60, 'connect_refused')];
    const first = runnerOn(store);
    expect(await first.start()).toEqual({ loaded: 'rebuilt', caughtUp: 0 });
    for (const stored of await store1(store, inputs.slice(0, 2))) await first.consumeBatch(stored);
    // committed, but the process died before the engine saw them
    const missed = [batch(90, 'ok'), batch(120, 'ok')];
    await store1(store, [inputs[2] as RoundBatch, ...missed]);

    const second = runnerOn(store);
    expect(await second.start()).toEqual({ loaded: 'snapshot', caughtUp: 3 });
    const all = [...inputs, ...missed];
    const expected = replay(all);
    expect(second.state()).toEqual(expected.state);
    expect(count(path, 'SELECT count(*) AS n FROM transitions')).toBe(expected.transitions);
    // one row per notification and channel, each written once
    expect(count(path, 'SELECT count(*) AS n FROM outbox')).toBe(expected.notifications * 2);
    // no findings in these batches: each target is its own cause, opened and resolved
    expect(count(path, "SELECT count(*) AS n FROM incidents WHERE status = 'resolved'")).toBe(2);
    expect(count(path, "SELECT count(*) AS n FROM incidents WHERE status = 'open'")).toBe(0);

    // a batch handed over again (the writer's hook after a retry) changes nothing
    for (const stored of await readBatches(store, { afterId: 0, limit: 10 }))
      await second.consumeBatch(stored);
    expect(count(path, 'SELECT count(*) AS n FROM transitions')).toBe(expected.transitions);
  });

  it('rebuilds a snapshot of another engine version from stored history without sending old news again', async () => {
    const { store, path } = await openStore();
    const inputs = [batch(0, 'connect_refused'), batch(30, 'connect_refused')];
    const first = runnerOn(store);
    await first.start();
    for (const stored of await store1(store, inputs)) await first.consumeBatch(stored);
    const rows = count(path, 'SELECT count(*) AS n FROM outbox');
    expect(rows).toBe(4); // two targets' incidents, two channels
    const db = new Database(path);
    db.prepare('UPDATE engine_state SET version = 0').run();
    db.close();

    // an hour later: the replayed opening is history, recorded but not sent a second time
    const later = runnerOn(store, T0 + 3_600_000);
    expect(await later.start()).toEqual({ loaded: 'rebuilt', caughtUp: 2 });
    expect(later.state()).toEqual(replay(inputs).state);
    expect(count(path, 'SELECT count(*) AS n FROM outbox')).toBe(rows);
    expect(count(path, 'SELECT version AS n FROM engine_state')).toBe(createEngineState().version);
  });

  it('takes in host events and deploy marks stored while it was down, once each, in the order received', async () => {
    const { store, path } = await openStore();
    const first = runnerOn(store);
    await first.start();
    const event = (sequence: number, atMs: number) =>
      hostEventSchema.parse({
        type: 'nginx_test_recovered',
        origin: 'web1',
        sequence,
        observedAt: new Date(atMs).toISOString(),
        config: '/etc/nginx/nginx.conf',
        output: ['nginx: configuration file /etc/nginx/nginx.conf test is successful'],
      });
    await storeHostEvents(store, [event(1, T0), event(2, T0 + 1)], { receivedAtMs: T0 + 5, source: 'agent' });
    await first.changesStored();
    expect(first.state().changes?.web1?.length).toBe(2);
    // the daemon died after storing these and before the engine saw them
    await storeHostEvents(store, [event(3, T0 + 10)], { receivedAtMs: T0 + 20, source: 'agent' });
    const mark: DeployMark = {
      result: 'passed',
      reasons: [],
      mode: 'burst',
      startedAt: new Date(T0).toISOString(),
      endedAt: new Date(T0 + 60_000).toISOString(),
      interrupted: false,
      origins: ['web1'],
      targetCount: 0,
      failedCount: 0,
      targets: [],
      targetsTruncated: false,
    };
    await storeDeployMark(store, mark, { receivedAtMs: T0 + 30, source: 'ci' });

    const second = runnerOn(store);
    expect(await second.start()).toEqual({ loaded: 'snapshot', caughtUp: 2 });
    expect(second.state().changes?.web1?.length).toBe(3);
    expect(second.state().deploys).toHaveLength(1);
    await second.changesStored();
    expect(second.state().changes?.web1?.length).toBe(3);
    expect(count(path, 'SELECT last_change_id AS n FROM engine_state')).toBe(4);
  });

  it("refuses a former lease holder's step, and its successor takes in every batch stored meanwhile", async () => {
    const { store, path } = await openStore();
    const holding = async (holder: string) => {
      const { epoch } = await claimLease(store, 'engine', holder, 60_000);
      return createIncidentRunner({
        store,
        settings,
        now: () => T0 + 600_000,
        logger: createMemoryLogger(),
        followStore: true,
        fence: (trx) => assertLeaseHeld(trx, store.dialect, { name: 'engine', holder, epoch }),
      });
    };
    const inputs = [batch(0, 'connect_refused'), batch(30, 'connect_refused'), batch(60, 'ok')];
    const first = await holding('ams');
    await first.start();
    const [opening] = await store1(store, inputs.slice(0, 1));
    await first.consumeBatch(opening as NonNullable<typeof opening>);
    const written = count(path, 'SELECT count(*) AS n FROM transitions');

    // ams pauses; fra takes over; locations store on, and ams wakes with a batch of its own in hand
    await releaseLease(store, 'engine', 'ams');
    const second = await holding('fra');
    const later = await store1(store, inputs.slice(1));
    await expect(first.consumeBatch(later.at(-1) as NonNullable<(typeof later)[0]>)).rejects.toMatchObject({
      code: 'FD_ERR_LEASE_LOST',
    });
    expect(count(path, 'SELECT count(*) AS n FROM transitions')).toBe(written);

    expect(await second.start()).toEqual({ loaded: 'snapshot', caughtUp: 2 });
    const expected = replay(inputs);
    expect(second.state()).toEqual(expected.state);
    expect(count(path, 'SELECT count(*) AS n FROM transitions')).toBe(expected.transitions);
    expect(count(path, 'SELECT count(*) AS n FROM outbox')).toBe(expected.notifications * 2);

    // handing fra a batch it has taken in already, or after it gave the engine up, changes nothing
    await second.consumeBatch(later.at(-1) as NonNullable<(typeof later)[0]>);
    await second.suspend();
    expect(await second.catchUp()).toBe(0);
    await expect(
      second.applyMaintenance(
        {
          type: 'maintenance',
          at: new Date(T0).toISOString(),
          action: 'start',
          window: {
            id: 'w',
            name: 'w',
            source: 'api',
            scope: { origins: ['web1'], sites: [], environments: [] },
            startsAt: new Date(T0).toISOString(),
            endsAt: new Date(T0 + 60_000).toISOString(),
          },
        },
        'ops',
      ),
    ).rejects.toMatchObject({ code: 'FD_ERR_LEASE_LOST' });
    expect(count(path, 'SELECT count(*) AS n FROM transitions')).toBe(expected.transitions);
  });

  it('an agent’s change stored after an incident was paged sends its likely cause to the channels', async () => {
    const { store, path } = await openStore();
    const runner = runnerOn(store);
    await runner.start();
    for (const stored of await store1(store, [batch(0, 'connect_refused'), batch(30, 'connect_refused')]))
      await runner.consumeBatch(stored);
    expect(count(path, "SELECT count(*) AS n FROM outbox WHERE kind = 'opened'")).toBe(4);
    expect(count(path, "SELECT count(*) AS n FROM outbox WHERE kind <> 'opened'")).toBe(0);

    const drift = hostEventSchema.parse({
      type: 'config_drift_appeared',
      origin: 'web1',
      sequence: 1,
      observedAt: new Date(T0 - 60_000).toISOString(),
      config: '/etc/nginx/nginx.conf',
      sha256: 'aa',
      baseline: { sha256: 'bb', acceptedAt: '2026-11-02T10:15:00.000Z' },
      changed: ['/etc/nginx/conf.d/app.conf'],
      added: [],
      removed: [],
      diff: '-    listen 443;\n+    listen 8443;\n',
      diffTruncated: false,
    });
    await storeHostEvents(store, [drift], { receivedAtMs: T0 + 40_000, source: 'agent' });
    await runner.changesStored();

    // each target's incident, on both channels of its policy, hears the cause once
    expect(count(path, "SELECT count(*) AS n FROM outbox WHERE kind = 'cause'")).toBe(4);
    const open = Object.values(runner.state().incidents).filter((incident) => incident.status === 'open');
    expect(open.map((incident) => incident.likelyCauses?.[0]?.headline)).toEqual([
      expect.stringMatching(/^\/etc\/nginx\/nginx\.conf drifted from its baseline/),
      expect.stringMatching(/^\/etc\/nginx\/nginx\.conf drifted from its baseline/),
    ]);
    await runner.changesStored();
    expect(count(path, "SELECT count(*) AS n FROM outbox WHERE kind = 'cause'")).toBe(4);
  });

  it('reads back what every location saw, so a node taking the engine over keeps an outage two see', async () => {
    const { store } = await openStore();
    const settingsOf = () => ({ ...settings(), locations: locationSettings(30_000, 2) });
    const runner = () =>
      createIncidentRunner({
        store,
        settings: settingsOf,
        now: () => T0 + 600_000,
        logger: createMemoryLogger(),
        followStore: true,
      });
    // ams and fra see web1 down, nyc sees it up; nyc is heard last.
    const from = (location: string, seconds: number, verdict: 'ok' | 'connect_refused'): RoundBatch => {
      const built = batch(seconds, verdict);
      return { ...built, location, rounds: built.rounds.map((round) => ({ ...round, location })) };
    };
    const inputs = [0, 30].flatMap((seconds) => [
      from('ams', seconds, 'connect_refused'),
      from('fra', seconds, 'connect_refused'),
      from('nyc', seconds, 'ok'),
    ]);
    const first = runner();
    await first.start();
    for (const stored of await store1(store, inputs)) await first.consumeBatch(stored);
    const open = Object.values(first.state().incidents).filter((incident) => incident.status === 'open');
    expect(open.length).toBeGreaterThan(0);

    const next = runner();
    expect(await next.start()).toEqual({ loaded: 'snapshot', caughtUp: 0 });
    expect(next.state().views).toEqual(first.state().views);
    expect(next.state().locations).toEqual(first.state().locations);
    // nyc reports on alone: the outage ams and fra see stays open (a seed from nyc's view would end it)
    for (const stored of await store1(store, [from('nyc', 60, 'ok')])) await next.consumeBatch(stored);
    const still = Object.values(next.state().incidents).filter((incident) => incident.status === 'open');
    expect(still.map((incident) => incident.id)).toEqual(open.map((incident) => incident.id));
  });
});
