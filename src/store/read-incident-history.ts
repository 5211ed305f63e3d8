import type {
  IncidentMessage,
  IncidentNotification,
  IncidentRecord,
  Transition,
  TransitionKind,
} from '../incidents/incident.js';
import type { DossierDelivery } from '../incidents/incident-dossier.js';
import type { IncidentHistory } from '../incidents/incident-history.js';
import type { Outbound } from '../notify/outbound.js';
import type { Store } from './store.js';

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

/** Incidents newest first as the engine last wrote them: record and message, no transitions. */
export function readIncidentSnapshots(
  store: Store,
  query: { state: 'open' | 'resolved' | 'all'; limit: number },
): Promise<Array<Pick<IncidentHistory, 'record' | 'message'>>> {
  return store.exclusive(async (db) => {
    let select = db.selectFrom('incidents').select(['record', 'message']);
    if (query.state !== 'all') select = select.where('status', '=', query.state);
    const rows = await select
      .orderBy('opened_at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit)
      .execute();
    return rows.map((row) => ({
      record: JSON.parse(row.record) as IncidentRecord,
      message: JSON.parse(row.message) as IncidentMessage,
    }));
  });
}

export interface StoredIncidentHistory {
  history: IncidentHistory;
  /** per notification key: every delivery attempt, and the channels still waiting as `pending` */
  deliveries: Map<string, DossierDelivery[]>;
}

/**
 * One incident's whole life from the store: its last record and message, every transition, every
 * notification written to the outbox (one per key, whatever its channels) and every delivery attempt.
 */
export function readIncidentHistory(store: Store, id: string): Promise<StoredIncidentHistory | undefined> {
  return store.exclusive(async (db) => {
    const row = await db
      .selectFrom('incidents')
      .select(['record', 'message'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const transitions = await db
      .selectFrom('transitions')
      .selectAll()
      .where('incident_id', '=', id)
      .orderBy('number')
      .execute();
    const outbox = await db
      .selectFrom('outbox')
      .select(['id', 'key', 'channel', 'message', 'state', 'next_attempt_ms'])
      .where('incident_id', '=', id)
      .orderBy('created_ms')
      .orderBy('id')
      .execute();
    const attempts =
      outbox.length === 0
        ? []
        : await db
            .selectFrom('deliveries')
            .select(['outbox_id', 'key', 'channel', 'at_ms', 'result', 'detail'])
            .where('incident_id', '=', id)
            .orderBy('id')
            .execute();
    const notifications = new Map<string, IncidentNotification>();
    for (const entry of outbox) {
      const message = JSON.parse(entry.message) as Outbound;
      if (message.type === 'incident' && !notifications.has(message.key))
        notifications.set(message.key, message);
    }
    const deliveries = new Map<string, DossierDelivery[]>();
    const add = (key: string, delivery: DossierDelivery) => {
      const list = deliveries.get(key) ?? [];
      list.push(delivery);
      deliveries.set(key, list);
    };
    for (const attempt of attempts) {
      add(attempt.key, {
        channel: attempt.channel,
        at: iso(attempt.at_ms),
        outcome: attempt.result,
        detail: attempt.detail,
      });
    }
    for (const entry of outbox) {
      if (entry.state === 'pending')
        add(entry.key, { channel: entry.channel, at: iso(entry.next_attempt_ms), outcome: 'pending' });
    }
    return {
      history: {
        record: JSON.parse(row.record) as IncidentRecord,
        message: JSON.parse(row.message) as IncidentMessage,
        transitions: transitions.map(
          (transition): Transition => ({
            incidentId: transition.incident_id,
            number: Number(transition.number),
            at: iso(transition.at_ms),
            kind: transition.kind as TransitionKind,
            detail: transition.detail,
            cause: transition.cause,
            ...withTargets(JSON.parse(transition.targets) as string[]),
          }),
        ),
        notifications: [...notifications.values()],
      },
      deliveries,
    };
  });
}

function withTargets(targets: string[]): { targets?: string[] } {
  return targets.length === 0 ? {} : { targets };
}
