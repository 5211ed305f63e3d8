import type { Insertable, Selectable } from 'kysely';
import type { Outbound } from '../notify/outbound.js';
import type { NewOutboxRow, OutboxRow } from '../notify/outbox-store.js';
import type { OutboxTable } from './incident-tables.js';

/** A new outbox row as the table stores it: pending, never tried, due at once. */
export function toOutboxInsert(row: NewOutboxRow): Insertable<OutboxTable> {
  const { message } = row;
  return {
    id: row.id,
    key: row.key,
    channel: row.channel,
    incident_id: message.type === 'incident' ? message.incidentId : null,
    kind: message.type === 'incident' ? message.kind : message.type,
    message: JSON.stringify(message),
    created_ms: row.createdAt,
    deadline_ms: row.deadline,
    state: 'pending',
    attempts: 0,
    next_attempt_ms: row.createdAt,
    first_failure_ms: null,
    last_error: null,
    delivered_ms: null,
    lease_owner: null,
    lease_until_ms: null,
  };
}

/** The row the sender works with. bigint columns may come back as strings from PostgreSQL: Number() them. */
export function fromOutboxRow(row: Selectable<OutboxTable>): OutboxRow {
  const out: OutboxRow = {
    id: row.id,
    key: row.key,
    channel: row.channel,
    message: JSON.parse(row.message) as Outbound,
    createdAt: Number(row.created_ms),
    deadline: Number(row.deadline_ms),
    state: row.state,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_ms),
  };
  if (row.first_failure_ms !== null) out.firstFailureAt = Number(row.first_failure_ms);
  if (row.last_error !== null) out.lastError = row.last_error;
  if (row.delivered_ms !== null) out.deliveredAt = Number(row.delivered_ms);
  if (row.lease_owner !== null && row.lease_until_ms !== null) {
    out.lease = { owner: row.lease_owner, until: Number(row.lease_until_ms) };
  }
  return out;
}
