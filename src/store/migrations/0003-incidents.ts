import type { Kysely } from 'kysely';
import type { StoreDialect } from '../store-dialect.js';
import { generatedId } from './generated-id.js';

/**
 * The incident engine's tables (incident-tables.ts): incidents, incident_targets, transitions, outbox,
 * deliveries, channel_failures, maintenance, maintenance_events, engine_state and engine_targets. Only
 * types both SQLite and PostgreSQL know; the generated keys go through generatedId.
 */
export function incidentsMigration(dialect: StoreDialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('incidents')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('policy', 'text', (column) => column.notNull())
        .addColumn('cause_key', 'text', (column) => column.notNull())
        .addColumn('cause_code', 'text', (column) => column.notNull())
        .addColumn('title', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('opened_at_ms', 'bigint', (column) => column.notNull())
        .addColumn('resolved_at_ms', 'bigint')
        .addColumn('updated_at_ms', 'bigint', (column) => column.notNull())
        .addColumn('environments', 'text', (column) => column.notNull())
        .addColumn('transitions', 'integer', (column) => column.notNull())
        .addColumn('message', 'text', (column) => column.notNull())
        .addColumn('record', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('incidents_status_opened')
        .on('incidents')
        .columns(['status', 'opened_at_ms'])
        .execute();

      await db.schema
        .createTable('incident_targets')
        .addColumn('incident_id', 'text', (column) => column.notNull())
        .addColumn('target_id', 'text', (column) => column.notNull())
        .addColumn('joined_at_ms', 'bigint', (column) => column.notNull())
        .addColumn('left_at_ms', 'bigint')
        .addPrimaryKeyConstraint('incident_targets_key', ['incident_id', 'target_id'])
        .execute();

      await db.schema
        .createTable('transitions')
        .addColumn('incident_id', 'text', (column) => column.notNull())
        .addColumn('number', 'integer', (column) => column.notNull())
        .addColumn('at_ms', 'bigint', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('detail', 'text', (column) => column.notNull())
        .addColumn('cause', 'text', (column) => column.notNull())
        .addColumn('targets', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('transitions_key', ['incident_id', 'number'])
        .execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('channel', 'text', (column) => column.notNull())
        .addColumn('incident_id', 'text')
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('message', 'text', (column) => column.notNull())
        .addColumn('created_ms', 'bigint', (column) => column.notNull())
        .addColumn('deadline_ms', 'bigint', (column) => column.notNull())
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull())
        .addColumn('next_attempt_ms', 'bigint', (column) => column.notNull())
        .addColumn('first_failure_ms', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('delivered_ms', 'bigint')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until_ms', 'bigint')
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'next_attempt_ms']).execute();
      await db.schema.createIndex('outbox_incident').on('outbox').columns(['incident_id']).execute();
      await db.schema.createIndex('outbox_created').on('outbox').columns(['created_ms']).execute();

      await db.schema
        .createTable('deliveries')
        .$call(generatedId(dialect, 'id'))
        .addColumn('outbox_id', 'text', (column) => column.notNull())
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('channel', 'text', (column) => column.notNull())
        .addColumn('incident_id', 'text')
        .addColumn('attempt', 'integer', (column) => column.notNull())
        .addColumn('at_ms', 'bigint', (column) => column.notNull())
        .addColumn('duration_ms', 'double precision', (column) => column.notNull())
        .addColumn('result', 'text', (column) => column.notNull())
        .addColumn('status', 'integer')
        .addColumn('detail', 'text', (column) => column.notNull())
        .addColumn('owner', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('deliveries_outbox').on('deliveries').columns(['outbox_id']).execute();

      await db.schema
        .createTable('channel_failures')
        .addColumn('channel', 'text', (column) => column.primaryKey())
        .addColumn('since_ms', 'bigint', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('maintenance')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('source', 'text', (column) => column.notNull())
        .addColumn('scope', 'text', (column) => column.notNull())
        .addColumn('reason', 'text')
        .addColumn('starts_at_ms', 'bigint', (column) => column.notNull())
        .addColumn('ends_at_ms', 'bigint', (column) => column.notNull())
        .addColumn('started_by', 'text', (column) => column.notNull())
        .addColumn('ended_at_ms', 'bigint')
        .addColumn('ended_by', 'text')
        .execute();
      await db.schema.createIndex('maintenance_starts').on('maintenance').columns(['starts_at_ms']).execute();

      await db.schema
        .createTable('maintenance_events')
        .$call(generatedId(dialect, 'id'))
        .addColumn('window_id', 'text', (column) => column.notNull())
        .addColumn('action', 'text', (column) => column.notNull())
        .addColumn('at_ms', 'bigint', (column) => column.notNull())
        .addColumn('by', 'text', (column) => column.notNull())
        .addColumn('input', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('engine_state')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('at', 'text')
        .addColumn('last_batch_id', 'bigint', (column) => column.notNull())
        .addColumn('last_event_id', 'bigint', (column) => column.notNull())
        .addColumn('last_change_id', 'bigint', (column) => column.notNull())
        .addColumn('incidents', 'text', (column) => column.notNull())
        .addColumn('cycles', 'text', (column) => column.notNull())
        .addColumn('windows', 'text', (column) => column.notNull())
        .addColumn('changes', 'text', (column) => column.notNull())
        .addColumn('deploys', 'text', (column) => column.notNull())
        .addColumn('updated_ms', 'bigint', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('engine_targets')
        .addColumn('target_id', 'text', (column) => column.primaryKey())
        .addColumn('track', 'text', (column) => column.notNull())
        .execute();
    },
  };
}
