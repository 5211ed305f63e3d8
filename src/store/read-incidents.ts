import type { Selectable } from 'kysely';
import type { IncidentMessage } from '../incidents/incident.js';
import type { IncidentsTable } from './incident-tables.js';
import { encodeCursor, type PageCursor } from './page-cursor.js';
import { type Delivery, readNotifications } from './read-deliveries.js';
import { readMaintenanceBetween, type StoredWindow } from './read-maintenance.js';
import type { Store } from './store.js';

export interface IncidentSummary {
  id: string;
  policy: string;
  cause: { key: string; code: string };
  title: string;
  status: 'open' | 'resolved';
  openedAt: string;
  resolvedAt: string | null;
  updatedAt: string;
  environments: string[];
  transitionCount: number;
}

export interface IncidentDetail extends IncidentSummary {
  /** the incident as its latest message describes it: layer, summary, evidence, hostnames, origins, ... */
  message: IncidentMessage;
  layer: string;
  summary: string;
  evidence: string[];
  targets: Array<{
    id: string;
    name: string | null;
    hostname: string | null;
    via: string | null;
    site: string | null;
    origin: string | null;
    environment: string | null;
    joinedAt: string;
    /** null while it is failing in the incident */
    leftAt: string | null;
  }>;
  transitions: Transition[];
  /** transitions and the starts and ends of overlapping maintenance windows, in time order */
  timeline: TimelineEntry[];
  /** one per message and channel, each with every delivery attempt */
  notifications: Delivery[];
  /** windows that overlapped the incident's life */
  maintenance: StoredWindow[];
}

export interface Transition {
  number: number;
  at: string;
  kind: string;
  detail: string;
  cause: string;
  targets: string[];
}

export type TimelineEntry =
  | ({ type: 'transition' } & Transition)
  | { type: 'maintenance'; at: string; action: 'start' | 'end'; window: string; name: string; by: string };

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

function summarize(row: Selectable<IncidentsTable>): IncidentSummary {
  return {
    id: row.id,
    policy: row.policy,
    cause: { key: row.cause_key, code: row.cause_code },
    title: row.title,
    status: row.status,
    openedAt: iso(row.opened_at_ms),
    resolvedAt: row.resolved_at_ms === null ? null : iso(row.resolved_at_ms),
    updatedAt: iso(row.updated_at_ms),
    environments: JSON.parse(row.environments) as string[],
    transitionCount: Number(row.transitions),
  };
}

/** Incidents newest first, `limit` a page; `next` is the cursor of the following page, or null at the end. */
export function listIncidents(
  store: Store,
  query: { status?: 'open' | 'resolved'; limit: number; before?: PageCursor },
): Promise<{ incidents: IncidentSummary[]; next: string | null }> {
  return store.exclusive(async (db) => {
    let select = db.selectFrom('incidents').selectAll();
    if (query.status !== undefined) select = select.where('status', '=', query.status);
    const before = query.before;
    if (before !== undefined) {
      select = select.where((eb) =>
        eb.or([
          eb('opened_at_ms', '<', before.ms),
          eb.and([eb('opened_at_ms', '=', before.ms), eb('id', '<', before.id)]),
        ]),
      );
    }
    const rows = await select
      .orderBy('opened_at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const next =
      rows.length > query.limit && last !== undefined
        ? encodeCursor({ ms: Number(last.opened_at_ms), id: last.id })
        : null;
    return { incidents: page.map(summarize), next };
  });
}

/** One incident with its targets, transitions, notifications and their deliveries; undefined if unknown. */
export async function readIncident(store: Store, id: string): Promise<IncidentDetail | undefined> {
  const found = await store.exclusive(async (db) => {
    const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    const targets = await db
      .selectFrom('incident_targets')
      .leftJoin('targets', 'targets.id', 'incident_targets.target_id')
      .select([
        'incident_targets.target_id',
        'incident_targets.joined_at_ms',
        'incident_targets.left_at_ms',
        'targets.name',
        'targets.hostname',
        'targets.via',
        'targets.site',
        'targets.origin',
        'targets.environment',
      ])
      .where('incident_targets.incident_id', '=', id)
      .orderBy('incident_targets.target_id')
      .execute();
    const transitions = await db
      .selectFrom('transitions')
      .selectAll()
      .where('incident_id', '=', id)
      .orderBy('number')
      .execute();
    return { row, targets, transitions };
  });
  if (found === undefined) return undefined;
  const { row, targets, transitions } = found;
  const summary = summarize(row);
  const message = JSON.parse(row.message) as IncidentMessage;
  const endMs = row.resolved_at_ms === null ? Number.MAX_SAFE_INTEGER : Number(row.resolved_at_ms);
  const maintenance = await readMaintenanceBetween(store, Number(row.opened_at_ms), endMs);
  const steps = transitions.map(
    (transition): Transition => ({
      number: Number(transition.number),
      at: iso(transition.at_ms),
      kind: transition.kind,
      detail: transition.detail,
      cause: transition.cause,
      targets: JSON.parse(transition.targets) as string[],
    }),
  );
  const timeline: TimelineEntry[] = [
    ...steps.map((transition): TimelineEntry => ({ type: 'transition', ...transition })),
    ...maintenance.flatMap((window): TimelineEntry[] => [
      {
        type: 'maintenance',
        at: window.startsAt,
        action: 'start',
        window: window.id,
        name: window.name,
        by: window.startedBy,
      },
      ...(window.endedAt === null
        ? []
        : [
            {
              type: 'maintenance' as const,
              at: window.endedAt,
              action: 'end' as const,
              window: window.id,
              name: window.name,
              by: window.endedBy ?? 'schedule',
            },
          ]),
    ]),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    ...summary,
    message,
    layer: message.layer,
    summary: message.summary,
    evidence: message.evidence,
    targets: targets.map((target) => ({
      id: target.target_id,
      name: target.name,
      hostname: target.hostname,
      via: target.via,
      site: target.site,
      origin: target.origin,
      environment: target.environment,
      joinedAt: iso(target.joined_at_ms),
      leftAt: target.left_at_ms === null ? null : iso(target.left_at_ms),
    })),
    transitions: steps,
    timeline,
    notifications: await readNotifications(store, { incidentId: id }),
    maintenance,
  };
}
