import type { DeployMark } from '../incidents/deploy-mark.js';
import type { HostEvent } from '../incidents/host-event.js';
import type { Store } from './store.js';

export interface EventWrite {
  /** ms since the epoch, the watch's clock */
  receivedAtMs: number;
  /** the API token's name, for the record (never the token itself) */
  source: string;
}

export interface StoredHostEvents {
  /** the events that were new, with the ids the store gave them, in the order given */
  accepted: Array<{ id: number; event: HostEvent }>;
  /** events already stored under the same (origin, sequence): an agent's resend */
  duplicates: number;
}

/**
 * Stores a batch of host events in one transaction, keeping one row per (origin, sequence): an event
 * already stored is skipped, so an agent resending after a lost answer or a crash adds nothing. Validated
 * input only (hostEventBatchSchema); the body is kept exactly as validated.
 */
export function storeHostEvents(
  store: Store,
  events: readonly HostEvent[],
  write: EventWrite,
): Promise<StoredHostEvents> {
  if (events.length === 0) return Promise.resolve({ accepted: [], duplicates: 0 });
  return store.exclusive((db) =>
    db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('events')
        .values(
          events.map((event) => ({
            kind: 'host' as const,
            origin: event.origin,
            sequence: event.sequence,
            type: event.type,
            observed_at_ms: Date.parse(event.observedAt),
            received_at_ms: write.receivedAtMs,
            source: write.source,
            body: JSON.stringify(event),
          })),
        )
        .onConflict((conflict) => conflict.columns(['origin', 'sequence']).doNothing())
        .returning(['id', 'origin', 'sequence'])
        .execute();
      const ids = new Map(
        inserted.map((row) => [`${row.origin}\u0000${Number(row.sequence)}`, Number(row.id)]),
      );
      const accepted = events.flatMap((event) => {
        const id = ids.get(`${event.origin}\u0000${event.sequence}`);
        return id === undefined ? [] : [{ id, event }];
      });
      return { accepted, duplicates: events.length - accepted.length };
    }),
  );
}

/** Stores a deploy mark on the timeline of every origin it touched; returns its id. */
export function storeDeployMark(store: Store, mark: DeployMark, write: EventWrite): Promise<number> {
  return store.exclusive((db) =>
    db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('events')
        .values({
          kind: 'deploy',
          origin: null,
          sequence: null,
          type: 'deploy',
          observed_at_ms: Date.parse(mark.startedAt),
          received_at_ms: write.receivedAtMs,
          source: write.source,
          body: JSON.stringify(mark),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      const origins = [...new Set(mark.origins)];
      if (origins.length > 0) {
        await trx
          .insertInto('deploy_origins')
          .values(origins.map((origin) => ({ event_id: id, origin })))
          .execute();
      }
      return id;
    }),
  );
}
