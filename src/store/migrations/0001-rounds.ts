import type { Kysely } from 'kysely';
import type { StoreDialect } from '../store-dialect.js';
import { ROLLUP_PHASES } from '../store-tables.js';
import { generatedId } from './generated-id.js';

/**
 * Targets, batches, raw rounds and their minute and hour rollups. Column types are the ones both
 * SQLite and PostgreSQL understand; only the generated key differs.
 */
export function roundsMigration(dialect: StoreDialect) {
  const addId = (name: string) => generatedId(dialect, name);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('targets')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('url', 'text', (column) => column.notNull())
        .addColumn('hostname', 'text', (column) => column.notNull())
        .addColumn('via', 'text', (column) => column.notNull())
        .addColumn('site', 'text')
        .addColumn('origin', 'text')
        .addColumn('environment', 'text')
        .addColumn('first_seen_ms', 'bigint', (column) => column.notNull())
        .addColumn('last_seen_ms', 'bigint', (column) => column.notNull())
        .addColumn('removed_ms', 'bigint')
        .execute();

      await db.schema
        .createTable('batches')
        .$call(addId('id'))
        .addColumn('location', 'text', (column) => column.notNull())
        .addColumn('at_ms', 'bigint', (column) => column.notNull())
        .addColumn('round_count', 'integer', (column) => column.notNull())
        .addColumn('findings', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('batches_at').on('batches').columns(['at_ms']).execute();

      await db.schema
        .createTable('rounds')
        .$call(addId('id'))
        .addColumn('batch_id', 'bigint', (column) => column.notNull().references('batches.id'))
        .addColumn('target_id', 'text', (column) => column.notNull())
        .addColumn('location', 'text', (column) => column.notNull())
        .addColumn('at_ms', 'bigint', (column) => column.notNull())
        .addColumn('reason', 'text', (column) => column.notNull())
        .addColumn('verdict', 'text', (column) => column.notNull())
        .addColumn('layer', 'text', (column) => column.notNull())
        .addColumn('passed', 'integer', (column) => column.notNull())
        .addColumn('status', 'integer')
        .addColumn('requests', 'integer', (column) => column.notNull())
        .addColumn('failed_requests', 'integer', (column) => column.notNull())
        .addColumn('dns_ms', 'double precision')
        .addColumn('connect_ms', 'double precision')
        .addColumn('tls_ms', 'double precision')
        .addColumn('ttfb_ms', 'double precision')
        .addColumn('total_ms', 'double precision', (column) => column.notNull())
        .addColumn('result', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('rounds_target_at').on('rounds').columns(['target_id', 'at_ms']).execute();
      await db.schema.createIndex('rounds_batch').on('rounds').columns(['batch_id']).execute();
      await db.schema.createIndex('rounds_at').on('rounds').columns(['at_ms']).execute();

      for (const table of ['rollup_minute', 'rollup_hour']) {
        let builder = db.schema
          .createTable(table)
          .addColumn('target_id', 'text', (column) => column.notNull())
          .addColumn('location', 'text', (column) => column.notNull())
          .addColumn('bucket_ms', 'bigint', (column) => column.notNull())
          .addColumn('verdict', 'text', (column) => column.notNull())
          .addColumn('rounds', 'integer', (column) => column.notNull())
          .addColumn('requests', 'integer', (column) => column.notNull())
          .addColumn('failed_requests', 'integer', (column) => column.notNull());
        for (const phase of ROLLUP_PHASES) {
          builder = builder
            .addColumn(`${phase}_sum`, 'double precision', (column) => column.notNull())
            .addColumn(`${phase}_max`, 'double precision')
            .addColumn(`${phase}_count`, 'integer', (column) => column.notNull());
        }
        await builder
          .addPrimaryKeyConstraint(`${table}_key`, ['target_id', 'location', 'bucket_ms', 'verdict'])
          .execute();
        await db.schema.createIndex(`${table}_bucket`).on(table).columns(['bucket_ms']).execute();
      }
    },
  };
}
