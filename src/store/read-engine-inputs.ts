import type { DeployInput, HostEventsInput, MaintenanceChange } from '../incidents/engine-input.js';
import type { RoundBatch } from '../incidents/round.js';
import { readBatches } from './read-batches.js';
import { readEventsAfter, type TimelineEntry } from './read-events.js';
import type { Store } from './store.js';

/** A stored engine input with the id that places it among its kind (a group of host events: its last). */
export type StoredInput =
  | { kind: 'batch'; id: number; input: RoundBatch }
  | { kind: 'maintenance'; id: number; input: MaintenanceChange; by: string }
  | { kind: 'changes'; id: number; input: HostEventsInput | DeployInput };

/** Where the engine stands in each kind of stored input. */
export interface InputPosition {
  batchId: number;
  eventId: number;
  changeId: number;
}

export interface InputPage {
  inputs: StoredInput[];
  /** false once nothing is left after this page */
  more: boolean;
}

/** Changes (host events, deploy marks) read per page: far more than agents send in a round. */
const CHANGES_PER_PAGE = 1_000;

/**
 * The stored inputs after a position, in time order: round batches (by id), maintenance events (by id) and
 * changes from the events table (by id, at the time the watch received them) merged by their time, a
 * maintenance change before a change before a batch of the same time. Up to `batches` batches and 1,000
 * changes a page; a full page stops at the last time both kinds are complete up to, so the next page carries
 * on in order. What the engine missed (a crash between a commit and the engine's step) and what a rebuild
 * replays.
 */
export async function readEngineInputs(store: Store, after: InputPosition, batches = 50): Promise<InputPage> {
  const page = await readBatches(store, { afterId: after.batchId, limit: batches });
  const changes = await readEventsAfter(store, after.changeId, CHANGES_PER_PAGE);
  let cutoffMs = Number.POSITIVE_INFINITY;
  const lastBatchAt = page.at(-1)?.batch.at;
  if (page.length === batches && lastBatchAt !== undefined) cutoffMs = Date.parse(lastBatchAt);
  const lastChange = changes.at(-1);
  if (changes.length === CHANGES_PER_PAGE && lastChange !== undefined) {
    cutoffMs = Math.min(cutoffMs, Date.parse(lastChange.receivedAt));
  }
  const events = await store.exclusive((db) => {
    let query = db.selectFrom('maintenance_events').selectAll().where('id', '>', after.eventId).orderBy('id');
    if (Number.isFinite(cutoffMs)) query = query.where('at_ms', '<=', cutoffMs);
    return query.execute();
  });
  const inputs: StoredInput[] = [
    ...events.map(
      (row): StoredInput => ({
        kind: 'maintenance',
        id: Number(row.id),
        input: JSON.parse(row.input) as MaintenanceChange,
        by: row.by,
      }),
    ),
    ...groupChanges(changes),
    ...page.map((stored): StoredInput => ({ kind: 'batch', id: stored.id, input: stored.batch })),
  ].filter((input) => Date.parse(input.input.at) <= cutoffMs);
  // A stable sort keeps maintenance, then changes, then batches at the same time, and each kind in id order.
  inputs.sort((a, b) => Date.parse(a.input.at) - Date.parse(b.input.at));
  return { inputs, more: Number.isFinite(cutoffMs) };
}

/**
 * Changes as the engine took them in live: the host events of one POST (one origin, one receipt time) as
 * one input, each deploy mark as one.
 */
export function groupChanges(entries: readonly TimelineEntry[]): StoredInput[] {
  const inputs: Array<StoredInput & { kind: 'changes' }> = [];
  for (const entry of entries) {
    if (entry.kind === 'deploy') {
      inputs.push({
        kind: 'changes',
        id: entry.id,
        input: { type: 'deploy', at: entry.receivedAt, id: String(entry.id), mark: entry.mark },
      });
      continue;
    }
    const previous = inputs.at(-1);
    if (
      previous?.input.type === 'host_events' &&
      previous.input.origin === entry.event.origin &&
      previous.input.at === entry.receivedAt
    ) {
      previous.input.events.push(entry.event);
      previous.id = entry.id;
      continue;
    }
    inputs.push({
      kind: 'changes',
      id: entry.id,
      input: { type: 'host_events', at: entry.receivedAt, origin: entry.event.origin, events: [entry.event] },
    });
  }
  return inputs;
}

/**
 * Where a replay from `sinceMs` starts: the ids just before the first batch, maintenance event and change
 * at or after that time (a rebuild replays from there with an empty state).
 */
export function positionAt(store: Store, sinceMs: number): Promise<InputPosition> {
  return store.exclusive(async (db) => {
    const first = async (table: 'batches' | 'maintenance_events' | 'events') => {
      const column = table === 'events' ? 'received_at_ms' : 'at_ms';
      const found = await db
        .selectFrom(table)
        .select((eb) => eb.fn.min('id').as('id'))
        .where(column, '>=', sinceMs)
        .executeTakeFirst();
      if (found?.id !== null && found?.id !== undefined) return Number(found.id) - 1;
      const last = await db
        .selectFrom(table)
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      return Number(last?.id ?? 0);
    };
    return {
      batchId: await first('batches'),
      eventId: await first('maintenance_events'),
      changeId: await first('events'),
    };
  });
}
