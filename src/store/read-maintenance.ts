import type { Selectable } from 'kysely';
import type { MaintenanceScope } from '../config/maintenance-config.js';
import type { MaintenanceWindow } from '../incidents/engine-input.js';
import type { MaintenanceTable } from './incident-tables.js';
import type { Store } from './store.js';

/** A window as the store keeps it: the engine's window plus who started and ended it, and when. */
export interface StoredWindow {
  id: string;
  name: string;
  source: 'config' | 'api';
  scope: MaintenanceScope;
  reason: string | null;
  startsAt: string;
  endsAt: string;
  startedBy: string;
  endedAt: string | null;
  endedBy: string | null;
}

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

function toWindow(row: Selectable<MaintenanceTable>): StoredWindow {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    scope: JSON.parse(row.scope) as MaintenanceScope,
    reason: row.reason,
    startsAt: iso(row.starts_at_ms),
    endsAt: iso(row.ends_at_ms),
    startedBy: row.started_by,
    endedAt: row.ended_at_ms === null ? null : iso(row.ended_at_ms),
    endedBy: row.ended_by,
  };
}

/** The engine's view of a stored window. */
export function engineWindow(window: StoredWindow): MaintenanceWindow {
  const engine: MaintenanceWindow = {
    id: window.id,
    name: window.name,
    source: window.source,
    scope: window.scope,
    startsAt: window.startsAt,
    endsAt: window.endsAt,
  };
  if (window.reason !== null) engine.reason = window.reason;
  return engine;
}

/** Windows not ended yet (open now, or past their end while nobody was there to end them). */
export function readOpenWindows(store: Store): Promise<StoredWindow[]> {
  return store.exclusive(async (db) =>
    (
      await db
        .selectFrom('maintenance')
        .selectAll()
        .where('ended_at_ms', 'is', null)
        .orderBy('starts_at_ms')
        .orderBy('id')
        .execute()
    ).map(toWindow),
  );
}

/** Whether a window with this id was ever recorded (a configured occurrence is started once). */
export function findWindow(store: Store, id: string): Promise<StoredWindow | undefined> {
  return store.exclusive(async (db) => {
    const row = await db.selectFrom('maintenance').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toWindow(row);
  });
}

/** Windows newest first: open ones, ended ones, or both; at most `limit`. */
export function listWindows(
  store: Store,
  query: { state?: 'active' | 'ended'; limit: number },
): Promise<StoredWindow[]> {
  return store.exclusive(async (db) => {
    let select = db.selectFrom('maintenance').selectAll();
    if (query.state === 'active') select = select.where('ended_at_ms', 'is', null);
    if (query.state === 'ended') select = select.where('ended_at_ms', 'is not', null);
    const rows = await select
      .orderBy('starts_at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit)
      .execute();
    return rows.map(toWindow);
  });
}

/** Windows whose life overlapped [fromMs, toMs]: an incident's maintenance context. */
export function readMaintenanceBetween(store: Store, fromMs: number, toMs: number): Promise<StoredWindow[]> {
  return store.exclusive(async (db) => {
    const rows = await db
      .selectFrom('maintenance')
      .selectAll()
      .where('starts_at_ms', '<=', toMs)
      .where((eb) =>
        eb.or([
          eb('ended_at_ms', '>=', fromMs),
          eb.and([eb('ended_at_ms', 'is', null), eb('ends_at_ms', '>=', fromMs)]),
        ]),
      )
      .orderBy('starts_at_ms')
      .execute();
    return rows.map(toWindow);
  });
}
