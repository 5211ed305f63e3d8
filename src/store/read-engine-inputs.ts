import type { MaintenanceChange } from '../incidents/engine-input.js';
import type { RoundBatch } from '../incidents/round.js';
import { readBatches } from './read-batches.js';
import type { Store } from './store.js';

/** A stored engine input with the id that places it among its kind. */
export type StoredInput =
  | { kind: 'batch'; id: number; input: RoundBatch }
  | { kind: 'maintenance'; id: number; input: MaintenanceChange; by: string };

export interface InputPage {
  inputs: StoredInput[];
  /** false once nothing is left after this page */
  more: boolean;
}

/**
 * The stored inputs after a position, in time order: round batches (by id) and maintenance events (by id)
 * merged by their time, a maintenance change before a batch of the same time. Up to `batches` batches a
 * page; a page that is full holds only the events up to its last batch's time, so the next page carries on
 * in order. What the engine missed (a crash between a batch's commit and the engine's step) and what a
 * rebuild replays.
 */
export async function readEngineInputs(
  store: Store,
  after: { batchId: number; eventId: number },
  batches = 50,
): Promise<InputPage> {
  const page = await readBatches(store, { afterId: after.batchId, limit: batches });
  const full = page.length === batches;
  const lastAt = page.at(-1)?.batch.at;
  const events = await store.exclusive((db) => {
    let query = db.selectFrom('maintenance_events').selectAll().where('id', '>', after.eventId).orderBy('id');
    if (full && lastAt !== undefined) query = query.where('at_ms', '<=', Date.parse(lastAt));
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
    ...page.map((stored): StoredInput => ({ kind: 'batch', id: stored.id, input: stored.batch })),
  ];
  // A stable sort by time keeps events before batches of the same time, and each kind in id order.
  inputs.sort((a, b) => Date.parse(a.input.at) - Date.parse(b.input.at));
  return { inputs, more: full };
}

/**
 * Where a replay from `sinceMs` starts: the ids just before the first batch and the first maintenance
 * event at or after that time (a rebuild replays from there with an empty state).
 */
export function positionAt(store: Store, sinceMs: number): Promise<{ batchId: number; eventId: number }> {
  return store.exclusive(async (db) => {
    const batch = await db
      .selectFrom('batches')
      .select((eb) => eb.fn.min('id').as('id'))
      .where('at_ms', '>=', sinceMs)
      .executeTakeFirst();
    const event = await db
      .selectFrom('maintenance_events')
      .select((eb) => eb.fn.min('id').as('id'))
      .where('at_ms', '>=', sinceMs)
      .executeTakeFirst();
    const last = async (table: 'batches' | 'maintenance_events') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.max('id').as('id'))
            .executeTakeFirst()
        )?.id ?? 0,
      );
    return {
      batchId: batch?.id === null || batch?.id === undefined ? await last('batches') : Number(batch.id) - 1,
      eventId:
        event?.id === null || event?.id === undefined
          ? await last('maintenance_events')
          : Number(event.id) - 1,
    };
  });
}
