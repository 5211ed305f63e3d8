import { type Kysely, sql } from 'kysely';
import type { DeliveryAttempt, NewOutboxRow, OutboxStore } from '../notify/outbox-store.js';
import { fromOutboxRow, toOutboxInsert } from './outbox-row-mapping.js';
import type { Store } from './store.js';
import type { StoreTables } from './store-tables.js';

/** Rows per multi-row INSERT, far below either dialect's parameter limit (16 columns). */
const ROWS_PER_INSERT = 500;

/** Inserts outbox rows, leaving any whose id exists as it is: also the engine's step transaction uses it. */
export async function insertOutboxRows(
  db: Kysely<StoreTables>,
  rows: readonly NewOutboxRow[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await db
      .insertInto('outbox')
      .values(rows.slice(start, start + ROWS_PER_INSERT).map(toOutboxInsert))
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
  }
}

/**
 * The outbox in the store, for SQLite and PostgreSQL alike (Kysely and portable SQL only). A claim is a
 * conditional UPDATE that takes only rows still free and then reads back what this owner holds, so two
 * senders (two processes on one file, two nodes on one PostgreSQL) never hold one row at once, without
 * SQLite's or PostgreSQL's own locking syntax. Every attempt is recorded in `deliveries` in the
 * transaction that marks its row.
 */
export function createSqlOutboxStore(
  store: Store,
  fence?: (trx: Kysely<StoreTables>) => Promise<void>,
): OutboxStore {
  const inTransaction = <T>(work: (db: Kysely<StoreTables>) => Promise<T>): Promise<T> =>
    store.exclusive((db) => db.transaction().execute(work));

  return {
    enqueue: (rows) => inTransaction((db) => insertOutboxRows(db, rows)),

    // Only claims pass the fence: a row claimed goes out at most once more by key, and a delivery that
    // went out is recorded whoever holds the engine lease now, so the receiver's answer is never lost.
    claimDue: (now, owner, leaseMs, limit) =>
      inTransaction(async (db) => {
        await fence?.(db);
        const free = (query: ReturnType<typeof pendingDue>) =>
          query.where((eb) => eb.or([eb('lease_until_ms', 'is', null), eb('lease_until_ms', '<=', now)]));
        const pendingDue = () =>
          db.selectFrom('outbox').where('state', '=', 'pending').where('next_attempt_ms', '<=', now);
        const candidates = await free(pendingDue())
          .select('id')
          .orderBy('next_attempt_ms')
          .orderBy('created_ms')
          .orderBy('id')
          .limit(limit)
          .execute();
        if (candidates.length === 0) return [];
        const until = now + leaseMs;
        await db
          .updateTable('outbox')
          .set({ lease_owner: owner, lease_until_ms: until })
          .where(
            'id',
            'in',
            candidates.map((row) => row.id),
          )
          .where('state', '=', 'pending')
          .where((eb) => eb.or([eb('lease_until_ms', 'is', null), eb('lease_until_ms', '<=', now)]))
          .execute();
        const claimed = await db
          .selectFrom('outbox')
          .selectAll()
          .where(
            'id',
            'in',
            candidates.map((row) => row.id),
          )
          .where('lease_owner', '=', owner)
          .where('lease_until_ms', '=', until)
          .orderBy('next_attempt_ms')
          .orderBy('created_ms')
          .orderBy('id')
          .execute();
        return claimed.map(fromOutboxRow);
      }),

    markDelivered: (id, owner, attempt) =>
      inTransaction(async (db) => {
        const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
        if (row === undefined) return;
        await recordAttempt(db, row, owner, attempt, 'sent');
        if (row.state !== 'delivered') {
          await db
            .updateTable('outbox')
            .set({
              state: 'delivered',
              delivered_ms: attempt.at,
              attempts: Number(row.attempts) + 1,
              lease_owner: null,
              lease_until_ms: null,
            })
            .where('id', '=', id)
            .execute();
        } else {
          await db
            .updateTable('outbox')
            .set({ lease_owner: null, lease_until_ms: null })
            .where('id', '=', id)
            .execute();
        }
        await db.deleteFrom('channel_failures').where('channel', '=', row.channel).execute();
      }),

    markFailed: (id, owner, attempt, next) =>
      inTransaction(async (db) => {
        const row = await db
          .selectFrom('outbox')
          .selectAll()
          .where('id', '=', id)
          .where('state', '=', 'pending')
          .where('lease_owner', '=', owner)
          .executeTakeFirst();
        if (row === undefined) return;
        const dead = 'dead' in next;
        await db
          .updateTable('outbox')
          .set({
            state: dead ? 'dead' : 'pending',
            next_attempt_ms: dead ? Number(row.next_attempt_ms) : next.retryAt,
            attempts: Number(row.attempts) + 1,
            first_failure_ms: row.first_failure_ms ?? attempt.at,
            last_error: attempt.detail,
            lease_owner: null,
            lease_until_ms: null,
          })
          .where('id', '=', id)
          .execute();
        await recordAttempt(db, row, owner, attempt, dead ? 'dead_lettered' : 'failed');
        await db
          .insertInto('channel_failures')
          .values({ channel: row.channel, since_ms: attempt.at })
          .onConflict((conflict) => conflict.column('channel').doNothing())
          .execute();
      }),

    channelFailingSince: (channel) =>
      store.exclusive(async (db) => {
        const row = await db
          .selectFrom('channel_failures')
          .select('since_ms')
          .where('channel', '=', channel)
          .executeTakeFirst();
        return row === undefined ? undefined : Number(row.since_ms);
      }),

    listDeadLetters: () =>
      store.exclusive(async (db) => {
        const rows = await db
          .selectFrom('outbox')
          .selectAll()
          .where('state', '=', 'dead')
          .orderBy('created_ms')
          .orderBy('id')
          .execute();
        return rows.map(fromOutboxRow);
      }),

    nextDue: () =>
      store.exclusive(async (db) => {
        // A leased row is due again when its lease runs out, whichever is later (CASE: portable max of two).
        const result = await sql<{ due: number | string | null }>`
          SELECT min(CASE WHEN lease_until_ms IS NOT NULL AND lease_until_ms > next_attempt_ms
            THEN lease_until_ms ELSE next_attempt_ms END) AS due
          FROM outbox WHERE state = 'pending'`.execute(db);
        const due = result.rows[0]?.due;
        return due === null || due === undefined ? undefined : Number(due);
      }),
  };
}

async function recordAttempt(
  db: Kysely<StoreTables>,
  row: { id: string; key: string; channel: string; incident_id: string | null; attempts: number },
  owner: string,
  attempt: DeliveryAttempt,
  result: 'sent' | 'failed' | 'dead_lettered',
): Promise<void> {
  await db
    .insertInto('deliveries')
    .values({
      outbox_id: row.id,
      key: row.key,
      channel: row.channel,
      incident_id: row.incident_id,
      attempt: Number(row.attempts) + 1,
      at_ms: attempt.at,
      duration_ms: attempt.durationMs,
      result,
      status: attempt.status ?? null,
      detail: attempt.detail,
      owner,
    })
    .execute();
}

/**
 * Frees the leases a previous process of this node held (owner names start with `prefix`, other than
 * `except`, this process's own): that process is gone, so its rows need not wait out a lease nobody will
 * finish. With an empty `prefix`, every other process's: a node that took the engine lease over from
 * another frees what the former holder claimed. Returns how many were freed.
 */
export function releaseLeases(store: Store, prefix: string, except?: string): Promise<number> {
  return store.exclusive(async (db) => {
    let query = db
      .updateTable('outbox')
      .set({ lease_owner: null, lease_until_ms: null })
      .where('state', '=', 'pending')
      // substr(text, from, count) is spelled the same in both dialects; LIKE would read `_` in a name.
      .where(sql<string>`substr(lease_owner, 1, ${prefix.length})`, '=', prefix);
    if (except !== undefined) query = query.where('lease_owner', '<>', except);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
}

/** Pending outbox rows: `frontdoor_outbox_pending`. */
export function countPendingOutbox(store: Store): Promise<number> {
  return store.exclusive(async (db) => {
    const row = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  });
}
