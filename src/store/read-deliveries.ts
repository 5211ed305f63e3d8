import type { Selectable } from 'kysely';
import type { OutboxTable } from './incident-tables.js';
import { encodeCursor, type PageCursor } from './page-cursor.js';
import type { Store } from './store.js';

export interface DeliveryAttemptView {
  attempt: number;
  at: string;
  durationMs: number;
  result: 'sent' | 'failed' | 'dead_lettered';
  status: number | null;
  /** one line, secrets already taken out */
  detail: string;
}

/** One message to one channel (an outbox row) and every attempt to deliver it. */
export interface Delivery {
  id: string;
  key: string;
  channel: string;
  incidentId: string | null;
  kind: string;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  createdAt: string;
  deadline: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  firstFailureAt: string | null;
  lastError: string | null;
  deliveries: DeliveryAttemptView[];
}

export interface DeliveryQuery {
  incidentId?: string;
  state?: 'pending' | 'delivered' | 'dead';
  channel?: string;
  /** newest first; default every row of the incident, or 100 */
  limit?: number;
  before?: PageCursor;
}

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();
const isoOrNull = (ms: number | string | null) => (ms === null ? null : iso(ms));

/** A page of outbox rows newest first, each with every attempt; `next` continues it, null at the end. */
export function listDeliveries(
  store: Store,
  query: DeliveryQuery & { limit: number },
): Promise<{ deliveries: Delivery[]; next: string | null }> {
  return store.exclusive(async (db) => {
    let select = db.selectFrom('outbox').selectAll();
    if (query.incidentId !== undefined) select = select.where('incident_id', '=', query.incidentId);
    if (query.state !== undefined) select = select.where('state', '=', query.state);
    if (query.channel !== undefined) select = select.where('channel', '=', query.channel);
    const before = query.before;
    if (before !== undefined) {
      select = select.where((eb) =>
        eb.or([
          eb('created_ms', '<', before.ms),
          eb.and([eb('created_ms', '=', before.ms), eb('id', '<', before.id)]),
        ]),
      );
    }
    const rows = await select
      .orderBy('created_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const attempts =
      page.length === 0
        ? []
        : await db
            .selectFrom('deliveries')
            .selectAll()
            .where(
              'outbox_id',
              'in',
              page.map((row) => row.id),
            )
            .orderBy('id')
            .execute();
    const byRow = new Map<string, DeliveryAttemptView[]>();
    for (const attempt of attempts) {
      const list = byRow.get(attempt.outbox_id) ?? [];
      list.push({
        attempt: Number(attempt.attempt),
        at: iso(attempt.at_ms),
        durationMs: Number(attempt.duration_ms),
        result: attempt.result,
        status: attempt.status === null ? null : Number(attempt.status),
        detail: attempt.detail,
      });
      byRow.set(attempt.outbox_id, list);
    }
    const last = page.at(-1);
    return {
      deliveries: page.map((row) => describe(row, byRow.get(row.id) ?? [])),
      next:
        rows.length > query.limit && last !== undefined
          ? encodeCursor({ ms: Number(last.created_ms), id: last.id })
          : null,
    };
  });
}

function describe(row: Selectable<OutboxTable>, deliveries: DeliveryAttemptView[]): Delivery {
  return {
    id: row.id,
    key: row.key,
    channel: row.channel,
    incidentId: row.incident_id,
    kind: row.kind,
    state: row.state,
    attempts: Number(row.attempts),
    createdAt: iso(row.created_ms),
    deadline: iso(row.deadline_ms),
    nextAttemptAt: row.state === 'pending' ? iso(row.next_attempt_ms) : null,
    deliveredAt: isoOrNull(row.delivered_ms),
    firstFailureAt: isoOrNull(row.first_failure_ms),
    lastError: row.last_error,
    deliveries,
  };
}
