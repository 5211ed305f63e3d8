import type { Selectable } from 'kysely';
import type { DeployMark } from '../incidents/deploy-mark.js';
import type { HostEvent } from '../incidents/host-event.js';
import type { Store } from './store.js';
import type { EventsTable } from './store-tables.js';

/** One entry of the change timeline as stored: a host event or a deploy mark, exactly as validated. */
export type TimelineEntry =
  | { id: number; kind: 'host'; at: string; receivedAt: string; source: string; event: HostEvent }
  | { id: number; kind: 'deploy'; at: string; receivedAt: string; source: string; mark: DeployMark };

/** Where a page ended: the next page starts after this (time, id). */
export interface TimelineCursor {
  atMs: number;
  id: number;
}

/** "1795414230000-17": a cursor as the API's `next` and the dashboard's `after` carry it. */
export function writeTimelineCursor(cursor: TimelineCursor): string {
  return `${cursor.atMs}-${cursor.id}`;
}

/** The cursor of a previous page's `next`, or null when the text is not one. */
export function readTimelineCursor(text: string): TimelineCursor | null {
  const match = /^(\d{1,16})-(\d{1,16})$/.exec(text);
  return match === null ? null : { atMs: Number(match[1]), id: Number(match[2]) };
}

export interface TimelineQuery {
  /** only this origin's events and the deploy marks that touched it */
  origin?: string;
  /** `at` (observedAt, a deploy's startedAt) within [sinceMs, untilMs) */
  sinceMs: number;
  untilMs: number;
  limit: number;
  /** newest first (the dashboard's page); `after` then continues with older entries */
  newestFirst?: boolean;
  after?: TimelineCursor;
}

/**
 * A page of the timeline in time order (then id), or the reverse with `newestFirst`: host events by their
 * observedAt, deploy marks by their start. `next` is set when more entries match.
 */
export function readTimeline(
  store: Store,
  query: TimelineQuery,
): Promise<{ entries: TimelineEntry[]; next: TimelineCursor | null }> {
  return store.exclusive(async (db) => {
    let select = db
      .selectFrom('events')
      .selectAll()
      .where('observed_at_ms', '>=', query.sinceMs)
      .where('observed_at_ms', '<', query.untilMs);
    const { origin, after } = query;
    if (origin !== undefined) {
      select = select.where((eb) =>
        eb.or([
          eb('origin', '=', origin),
          eb('id', 'in', eb.selectFrom('deploy_origins').select('event_id').where('origin', '=', origin)),
        ]),
      );
    }
    const beyond = query.newestFirst === true ? '<' : '>';
    if (after !== undefined) {
      select = select.where((eb) =>
        eb.or([
          eb('observed_at_ms', beyond, after.atMs),
          eb.and([eb('observed_at_ms', '=', after.atMs), eb('id', beyond, after.id)]),
        ]),
      );
    }
    const direction = query.newestFirst === true ? 'desc' : 'asc';
    const rows = await select
      .orderBy('observed_at_ms', direction)
      .orderBy('id', direction)
      .limit(query.limit + 1)
      .execute();
    const entries = rows.slice(0, query.limit).map(toTimelineEntry);
    const last = entries.at(-1);
    const next =
      rows.length > query.limit && last !== undefined ? { atMs: Date.parse(last.at), id: last.id } : null;
    return { entries, next };
  });
}

/** Entries after `afterId` in the order the watch received them: what the incident engine consumes. */
export function readEventsAfter(store: Store, afterId: number, limit: number): Promise<TimelineEntry[]> {
  return store.exclusive(async (db) => {
    const rows = await db
      .selectFrom('events')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toTimelineEntry);
  });
}

function toTimelineEntry(row: Selectable<EventsTable>): TimelineEntry {
  const common = {
    id: Number(row.id),
    at: new Date(Number(row.observed_at_ms)).toISOString(),
    receivedAt: new Date(Number(row.received_at_ms)).toISOString(),
    source: row.source,
  };
  return row.kind === 'deploy'
    ? { ...common, kind: 'deploy', mark: JSON.parse(row.body) as DeployMark }
    : { ...common, kind: 'host', event: JSON.parse(row.body) as HostEvent };
}
