import { describe, expect, it } from 'vitest';
import type { DeployMark } from '../incidents/deploy-mark.js';
import { hostEventSchema } from '../incidents/host-event.js';
import { pruneHistory } from './prune-history.js';
import { readChangeIncidents } from './read-change-incidents.js';
import { readEventsAfter, readTimeline } from './read-events.js';
import type { Store } from './store.js';
import { storeDeployMark, storeHostEvents } from './write-events.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

const event = (sequence: number, atMs: number, origin = 'web1') =>
  hostEventSchema.parse({
    type: 'nginx_test_recovered',
    origin,
    sequence,
    observedAt: iso(atMs),
    config: '/etc/nginx/nginx.conf',
    output: ['nginx: configuration file /etc/nginx/nginx.conf test is successful'],
  });

const mark = (startedMs: number, origins: string[]): DeployMark => ({
  result: 'passed',
  reasons: [],
  mode: 'burst',
  startedAt: iso(startedMs),
  endedAt: iso(startedMs + 60_000),
  interrupted: false,
  origins,
  targetCount: 0,
  failedCount: 0,
  targets: [],
  targetsTruncated: false,
});

/**
 * The events tables (host events, deploy marks and their origins) in every dialect: the unit tests run it
 * on SQLite files, the integration tests on a real PostgreSQL. `openStore` gives a fresh, migrated store.
 */
export function describeEventsContract(dialect: string, openStore: () => Promise<{ store: Store }>): void {
  describe(`the store’s timeline (${dialect})`, () => {
    it('gives back events and marks in the order received, exactly as stored', async () => {
      const { store } = await openStore();
      const write = { receivedAtMs: T0, source: 'web1-agent' };
      await storeHostEvents(store, [event(1, T0 - 1000), event(2, T0)], write);
      await storeDeployMark(store, mark(T0 - 5 * 60_000, ['web1']), { receivedAtMs: T0 + 1, source: 'ci' });
      await storeHostEvents(store, [event(2, T0), event(1, T0, 'web2')], write);
      const entries = await readEventsAfter(store, 0, 10);
      expect(entries.map((entry) => [entry.id, entry.kind])).toEqual([
        [1, 'host'],
        [2, 'host'],
        [3, 'deploy'],
        [5, 'host'],
      ]);
      expect(entries[0]).toEqual({
        id: 1,
        kind: 'host',
        at: iso(T0 - 1000),
        receivedAt: iso(T0),
        source: 'web1-agent',
        event: event(1, T0 - 1000),
      });
      expect((await readEventsAfter(store, 3, 10)).map((entry) => entry.id)).toEqual([5]);
    });

    it('pages newest first with the same cursor, continuing with older entries', async () => {
      const { store } = await openStore();
      const write = { receivedAtMs: T0, source: 'web1-agent' };
      // Two at the same time: the id breaks the tie, in both directions.
      await storeHostEvents(store, [event(1, T0 - 3000), event(2, T0 - 2000), event(3, T0 - 2000)], write);
      await storeHostEvents(store, [event(4, T0 - 1000)], write);
      const seen: number[] = [];
      let after: { atMs: number; id: number } | undefined;
      for (let pages = 0; pages < 10; pages += 1) {
        const page = await readTimeline(store, {
          sinceMs: 0,
          untilMs: T0,
          limit: 2,
          newestFirst: true,
          ...(after === undefined ? {} : { after }),
        });
        seen.push(...page.entries.map((entry) => (entry.kind === 'host' ? entry.event.sequence : 0)));
        if (page.next === null) break;
        after = page.next;
      }
      expect(seen).toEqual([4, 3, 2, 1]);
    });

    it('finds the incidents that hold a change, only among those that could', async () => {
      const { store } = await openStore();
      const incident = (id: string, openedMs: number, resolvedMs: number | null, keys: string[]) =>
        store.exclusive((db) =>
          db
            .insertInto('incidents')
            .values({
              id,
              policy: 'default',
              cause_key: 'origin:web1',
              cause_code: 'origin_down',
              title: `incident ${id}`,
              status: resolvedMs === null ? 'open' : 'resolved',
              opened_at_ms: openedMs,
              resolved_at_ms: resolvedMs,
              updated_at_ms: openedMs,
              environments: '[]',
              transitions: 1,
              message: '{}',
              record: JSON.stringify({ id, changes: keys.map((key) => ({ key })) }),
            })
            .execute(),
        );
      await incident('a', T0 + 60_000, null, ['host:web1#1', 'deploy:7']);
      await incident('b', T0 + 120_000, T0 + DAY, ['host:web1#1']);
      await incident('resolved-before', T0 - DAY, T0 - DAY + 60_000, ['host:web1#1']);
      await incident('opened-long-after', T0 + DAY, null, ['host:web1#1']);
      const found = await readChangeIncidents(store, {
        keys: ['host:web1#1', 'host:web1#2', 'deploy:7'],
        fromMs: T0,
        untilMs: T0,
      });
      expect(Object.fromEntries(found)).toEqual({
        'host:web1#1': [
          { id: 'b', title: 'incident b' },
          { id: 'a', title: 'incident a' },
        ],
        'deploy:7': [{ id: 'a', title: 'incident a' }],
      });
    });

    it('prunes events and deploy marks with the minute rollups’ retention', async () => {
      const { store } = await openStore();
      const write = { receivedAtMs: T0, source: 'x' };
      await storeHostEvents(store, [event(1, T0 - 100 * DAY), event(2, T0 - DAY)], write);
      await storeDeployMark(store, mark(T0 - 100 * DAY, ['web1', 'web2']), write);
      await storeDeployMark(store, mark(T0 - DAY, ['web1']), write);
      const counts = await pruneHistory(
        store,
        { rawMs: 14 * DAY, minuteMs: 90 * DAY, hourMs: 400 * DAY },
        T0,
      );
      expect(counts.events).toBe(2);
      const left = await readTimeline(store, { origin: 'web1', sinceMs: 0, untilMs: T0, limit: 10 });
      expect(left.entries.map((entry) => entry.kind)).toEqual(['host', 'deploy']);
      const origins = await store.exclusive((db) => db.selectFrom('deploy_origins').selectAll().execute());
      expect(origins.map((row) => [Number(row.event_id), row.origin])).toEqual([[4, 'web1']]);
    });
  });
}
