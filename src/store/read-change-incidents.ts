import type { IncidentRecord } from '../incidents/incident.js';
import type { Store } from './store.js';

/** An incident that carries a change, as a link shows it. */
export interface ChangeIncident {
  id: string;
  title: string;
}

export interface ChangeIncidentQuery {
  /** change keys (make-change.ts: `host:ORIGIN#SEQUENCE`, `deploy:ID`) */
  keys: readonly string[];
  /** the times (observedAt, a deploy's start) of the oldest and newest of those changes */
  fromMs: number;
  untilMs: number;
}

/**
 * An incident takes changes from 2 hours before its failure began, and it may open up to an hour after that
 * (attach-changes.ts keeps them 3 hours): incidents opened later than this after a change cannot hold it.
 */
const OPENED_AFTER_MS = 3 * 3_600_000;
/** Records are parsed whole (up to 50 changes each): bound how many one page reads. */
const MAX_INCIDENTS = 100;

/**
 * Which of the engine's incidents hold these changes in their `changes`: only incidents that could (opened
 * by 3 hours after the newest change, still open or resolved after the oldest), the newest 100 of them.
 */
export function readChangeIncidents(
  store: Store,
  query: ChangeIncidentQuery,
): Promise<Map<string, ChangeIncident[]>> {
  const found = new Map<string, ChangeIncident[]>();
  if (query.keys.length === 0) return Promise.resolve(found);
  const wanted = new Set(query.keys);
  return store.exclusive(async (db) => {
    const rows = await db
      .selectFrom('incidents')
      .select(['id', 'title', 'record'])
      .where('opened_at_ms', '<=', query.untilMs + OPENED_AFTER_MS)
      .where((eb) => eb.or([eb('resolved_at_ms', 'is', null), eb('resolved_at_ms', '>=', query.fromMs)]))
      .orderBy('opened_at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(MAX_INCIDENTS)
      .execute();
    for (const row of rows) {
      const record = JSON.parse(row.record) as Pick<IncidentRecord, 'changes'>;
      for (const change of record.changes ?? []) {
        if (!wanted.has(change.key)) continue;
        const list = found.get(change.key) ?? [];
        list.push({ id: row.id, title: row.title });
        found.set(change.key, list);
      }
    }
    return found;
  });
}
