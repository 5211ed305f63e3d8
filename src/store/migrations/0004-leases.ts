import type { Kysely } from 'kysely';

/**
 * Leases: which node runs the incident engine and the senders (lease-keeper.ts). One row per lease, its
 * holder, an epoch that grows with every change of holder (the fencing token engine writes check), and
 * the expiry in the database's own milliseconds, so the nodes' clocks never have to agree.
 */
export function leasesMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (column) => column.primaryKey())
        .addColumn('holder', 'text')
        .addColumn('epoch', 'bigint', (column) => column.notNull())
        .addColumn('expires_ms', 'bigint', (column) => column.notNull())
        .addColumn('acquired_ms', 'bigint')
        .addColumn('renewed_ms', 'bigint')
        .execute();
    },
  };
}
