import { type Kysely, type RawBuilder, sql } from 'kysely';
import { FrontdoorError } from '../errors.js';
import type { Store } from './store.js';
import type { StoreDialect } from './store-dialect.js';
import type { StoreTables } from './store-tables.js';

/** A lease as one claim found it. */
export interface LeaseGrant {
  /** whether the claimer holds it now */
  held: boolean;
  /** who holds it (the claimer when held), null when nobody does */
  holder: string | null;
  epoch: number;
  /** the database's clock: when it runs out unless renewed, and when the claim ran */
  expiresMs: number;
  nowMs: number;
}

/**
 * The database's own time in milliseconds: every node compares expiries against one clock, so a node whose
 * clock runs ahead can never take a lease early. On PostgreSQL it is the transaction's start, one value
 * however often a statement reads it; a claim's transaction starts after the claimer noted its own time,
 * so the expiry it writes is never earlier than the one the claimer counts with.
 */
export function databaseNowMs(dialect: StoreDialect): RawBuilder<number> {
  return dialect === 'postgres'
    ? sql<number>`(extract(epoch from now()) * 1000)::bigint`
    : sql<number>`cast((julianday('now') - 2440587.5) * 86400000 as integer)`;
}

/**
 * Takes or renews lease `name` for `holder` for `ttlMs`, in one statement: granted when `holder` holds it
 * already, when nobody does, or when the holder let it run out. A change of holder adds one to the epoch.
 * Otherwise nothing changes and the grant says who holds it until when.
 */
export function claimLease(store: Store, name: string, holder: string, ttlMs: number): Promise<LeaseGrant> {
  return store.exclusive((db) =>
    db.transaction().execute(async (trx) => {
      await trx
        .insertInto('leases')
        .values({ name, holder: null, epoch: 0, expires_ms: 0, acquired_ms: null, renewed_ms: null })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .execute();
      const now = databaseNowMs(store.dialect);
      // Every right-hand side reads the row as it was before this update, in both dialects.
      const claimed = await sql<{ holder: string; epoch: number; expires_ms: number; renewed_ms: number }>`
        UPDATE leases SET
          epoch = CASE WHEN holder = ${holder} THEN epoch ELSE epoch + 1 END,
          acquired_ms = CASE WHEN holder = ${holder} THEN acquired_ms ELSE ${now} END,
          holder = ${holder},
          expires_ms = ${now} + ${ttlMs},
          renewed_ms = ${now}
        WHERE name = ${name} AND (holder = ${holder} OR holder IS NULL OR expires_ms <= ${now})
        RETURNING holder, epoch, expires_ms, renewed_ms`.execute(trx);
      const row = claimed.rows[0];
      if (row !== undefined) {
        return {
          held: true,
          holder: row.holder,
          epoch: Number(row.epoch),
          expiresMs: Number(row.expires_ms),
          nowMs: Number(row.renewed_ms),
        };
      }
      const current = await sql<{ holder: string | null; epoch: number; expires_ms: number; now_ms: number }>`
        SELECT holder, epoch, expires_ms, ${now} AS now_ms FROM leases WHERE name = ${name}`.execute(trx);
      const seen = current.rows[0];
      return {
        held: false,
        holder: seen?.holder ?? null,
        epoch: Number(seen?.epoch ?? 0),
        expiresMs: Number(seen?.expires_ms ?? 0),
        nowMs: Number(seen?.now_ms ?? 0),
      };
    }),
  );
}

/** Gives a lease up at once (a clean shutdown), so another node need not wait for it to run out. */
export async function releaseLease(store: Store, name: string, holder: string): Promise<void> {
  await store.exclusive((db) =>
    db
      .updateTable('leases')
      .set({ holder: null, expires_ms: 0 })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .execute(),
  );
}

/**
 * The fence every write of the lease holder passes inside its own transaction: the row still names this
 * holder and epoch and has not run out by the database's clock. On PostgreSQL the row is locked until the
 * transaction ends, so no other node can take the lease between this check and the commit. A node that
 * paused (a long GC, a stopped process) and wakes up after a take-over is refused here.
 * @throws FrontdoorError FD_ERR_LEASE_LOST
 */
export async function assertLeaseHeld(
  trx: Kysely<StoreTables>,
  dialect: StoreDialect,
  lease: { name: string; holder: string; epoch: number },
): Promise<void> {
  const lock = dialect === 'postgres' ? sql` FOR UPDATE` : sql``;
  const now = databaseNowMs(dialect);
  const found = await sql<{ holder: string | null; epoch: number; live: number | boolean }>`
    SELECT holder, epoch, CASE WHEN expires_ms > ${now} THEN 1 ELSE 0 END AS live
    FROM leases WHERE name = ${lease.name}${lock}`.execute(trx);
  const row = found.rows[0];
  if (row?.holder === lease.holder && Number(row.epoch) === lease.epoch && Number(row.live) === 1) return;
  const now_holder = row?.holder ?? 'nobody';
  throw new FrontdoorError(
    'FD_ERR_LEASE_LOST',
    `lease ${lease.name}: epoch ${lease.epoch} of ${lease.holder} is over (now ${now_holder}, epoch ${Number(row?.epoch ?? 0)}); the write was refused`,
  );
}
