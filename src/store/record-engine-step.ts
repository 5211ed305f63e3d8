import { type Kysely, sql } from 'kysely';
import { composeMessage } from '../incidents/compose-message.js';
import type { MaintenanceChange } from '../incidents/engine-input.js';
import type { EngineState, TargetTrack } from '../incidents/engine-state.js';
import type { IncidentNotification, IncidentRecord, Transition } from '../incidents/incident.js';
import { rowsForNotification } from '../notify/outbox-rows.js';
import { insertOutboxRows } from './sql-outbox-store.js';
import type { Store } from './store.js';
import type { StoreTables } from './store-tables.js';
import { storeViews } from './stored-views.js';

/** Rows per multi-row INSERT: well inside either dialect's parameter limit for these narrow tables. */
const ROWS_PER_INSERT = 400;
/** engine_state's one row. */
export const ENGINE_STATE_ID = 'engine';

/**
 * Run first inside every engine write's transaction: refuses (throws) unless this node still holds the
 * engine lease (LeaseKeeper.fence), so a holder that paused past a take-over cannot commit.
 */
export type EngineFence = (trx: Kysely<StoreTables>) => Promise<void>;

/** A maintenance change the step applied, and who asked for it (a token's name, `config`, `schedule`). */
export interface MaintenanceRecord {
  change: MaintenanceChange;
  by: string;
}

/** What one engine step wrote: everything below goes into the store in one transaction. */
export interface EngineStepWrite {
  state: EngineState;
  transitions: readonly Transition[];
  notifications: readonly IncidentNotification[];
  /** targets whose track the step replaced or removed */
  touched: readonly string[];
  /** incidents the step took out of the state */
  closed: readonly IncidentRecord[];
  /** the outbox rows' creation time (ms) */
  nowMs: number;
  /** false while replaying history (a rebuild): transitions and incidents are recorded, nothing is sent */
  send: boolean;
  /** the last batch the state has taken in, after this step */
  lastBatchId: number;
  /** set when the step applied a maintenance change: its window row and its timeline event are written */
  maintenance?: MaintenanceRecord;
  /** the last maintenance event the state has taken in, before this step */
  lastEventId: number;
  /** the last change (events table) the state has taken in, after this step */
  lastChangeId: number;
}

/**
 * Writes an engine step in one transaction: its transitions, the incidents they touched (and their
 * targets), one outbox row per channel of each notification, a maintenance change with its timeline event,
 * and the engine's new memory (its snapshot row and the tracks the step touched). Either all of it is in
 * the store or none of it, so a crash never leaves a transition without its notification or a state that
 * has taken in a batch whose transitions are missing. Transitions and outbox rows are keyed
 * (incident id and number; key and channel), so writing a step twice changes nothing.
 * Returns the id of the maintenance event written, or the `lastEventId` it was given.
 */
export function recordEngineStep(store: Store, write: EngineStepWrite, fence?: EngineFence): Promise<number> {
  return store.exclusive((db) =>
    db.transaction().execute(async (trx) => {
      await fence?.(trx);
      const eventId =
        write.maintenance === undefined ? write.lastEventId : await recordMaintenance(trx, write.maintenance);
      await insertTransitions(trx, write.transitions);
      await recordIncidents(trx, write);
      if (write.send) {
        await insertOutboxRows(
          trx,
          write.notifications.flatMap((notification) => rowsForNotification(notification, write.nowMs)),
        );
      }
      await saveState(trx, write, eventId);
      return eventId;
    }),
  );
}

async function recordMaintenance(trx: Kysely<StoreTables>, record: MaintenanceRecord): Promise<number> {
  const { change, by } = record;
  const { window } = change;
  const atMs = Date.parse(change.at);
  if (change.action === 'start') {
    await trx
      .insertInto('maintenance')
      .values({
        id: window.id,
        name: window.name,
        source: window.source,
        scope: JSON.stringify(window.scope),
        reason: window.reason ?? null,
        starts_at_ms: Date.parse(window.startsAt),
        ends_at_ms: Date.parse(window.endsAt),
        started_by: by,
        ended_at_ms: null,
        ended_by: null,
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
  } else {
    await trx
      .updateTable('maintenance')
      .set({ ended_at_ms: atMs, ended_by: by })
      .where('id', '=', window.id)
      .where('ended_at_ms', 'is', null)
      .execute();
  }
  const inserted = await trx
    .insertInto('maintenance_events')
    .values({ window_id: window.id, action: change.action, at_ms: atMs, by, input: JSON.stringify(change) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

async function insertTransitions(
  trx: Kysely<StoreTables>,
  transitions: readonly Transition[],
): Promise<void> {
  for (let start = 0; start < transitions.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('transitions')
      .values(
        transitions.slice(start, start + ROWS_PER_INSERT).map((transition) => ({
          incident_id: transition.incidentId,
          number: transition.number,
          at_ms: Date.parse(transition.at),
          kind: transition.kind,
          detail: transition.detail,
          cause: transition.cause,
          targets: JSON.stringify(transition.targets ?? []),
        })),
      )
      .onConflict((conflict) => conflict.columns(['incident_id', 'number']).doNothing())
      .execute();
  }
}

/** Upserts every incident a transition of this step belongs to, as the step left it, and its targets. */
async function recordIncidents(trx: Kysely<StoreTables>, write: EngineStepWrite): Promise<void> {
  const closed = new Map(write.closed.map((incident) => [incident.id, incident]));
  const ids = [...new Set(write.transitions.map((transition) => transition.incidentId))];
  for (const id of ids) {
    const incident = write.state.incidents[id] ?? closed.get(id);
    if (incident === undefined) continue;
    const atMs = Date.parse(write.state.at ?? incident.openedAt);
    const message = composeMessage(incident, write.state.targets);
    const row = {
      id: incident.id,
      policy: incident.policy,
      cause_key: incident.cause.key,
      cause_code: incident.cause.code,
      title: message.title,
      status: incident.status,
      opened_at_ms: Date.parse(incident.openedAt),
      resolved_at_ms: incident.resolvedAt === undefined ? null : Date.parse(incident.resolvedAt),
      updated_at_ms: atMs,
      environments: JSON.stringify(message.environments),
      transitions: incident.transitions,
      message: JSON.stringify(message),
      record: JSON.stringify(incident),
    };
    await trx
      .insertInto('incidents')
      .values(row)
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet({
          cause_key: row.cause_key,
          cause_code: row.cause_code,
          title: row.title,
          status: row.status,
          resolved_at_ms: row.resolved_at_ms,
          updated_at_ms: row.updated_at_ms,
          environments: row.environments,
          transitions: row.transitions,
          message: row.message,
          record: row.record,
        }),
      )
      .execute();
    await recordTargets(trx, incident, atMs);
  }
}

/** Members are in it now (left_at null); the others it affected left, at the first time this was seen. */
async function recordTargets(
  trx: Kysely<StoreTables>,
  incident: IncidentRecord,
  atMs: number,
): Promise<void> {
  const members = new Set(incident.members);
  const rows = incident.affected.map((targetId) => ({
    incident_id: incident.id,
    target_id: targetId,
    joined_at_ms: atMs,
    left_at_ms: members.has(targetId) ? null : atMs,
  }));
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('incident_targets')
      .values(rows.slice(start, start + ROWS_PER_INSERT))
      .onConflict((conflict) =>
        conflict.columns(['incident_id', 'target_id']).doUpdateSet((update) => ({
          // A member is in it again; one that left keeps the time it left first.
          left_at_ms: update
            .case()
            .when(update.ref('excluded.left_at_ms'), 'is', null)
            .then(sql<number | null>`NULL`)
            .else(update.fn.coalesce('incident_targets.left_at_ms', 'excluded.left_at_ms'))
            .end(),
        })),
      )
      .execute();
  }
}

async function saveState(trx: Kysely<StoreTables>, write: EngineStepWrite, eventId: number): Promise<void> {
  const { state } = write;
  const row = {
    id: ENGINE_STATE_ID,
    version: state.version,
    at: state.at,
    last_batch_id: write.lastBatchId,
    last_event_id: eventId,
    last_change_id: write.lastChangeId,
    incidents: JSON.stringify(state.incidents),
    cycles: JSON.stringify(state.cycles),
    windows: JSON.stringify(state.windows),
    changes: JSON.stringify(state.changes ?? {}),
    deploys: JSON.stringify(state.deploys ?? []),
    locations: JSON.stringify(state.locations),
    updated_ms: write.nowMs,
  };
  await trx
    .insertInto('engine_state')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet({
        version: row.version,
        at: row.at,
        last_batch_id: row.last_batch_id,
        last_event_id: row.last_event_id,
        last_change_id: row.last_change_id,
        incidents: row.incidents,
        cycles: row.cycles,
        windows: row.windows,
        changes: row.changes,
        deploys: row.deploys,
        locations: row.locations,
        updated_ms: row.updated_ms,
      }),
    )
    .execute();
  const present = write.touched.filter((id) => state.targets[id] !== undefined);
  const gone = write.touched.filter((id) => state.targets[id] === undefined);
  for (let start = 0; start < present.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('engine_targets')
      .values(
        present.slice(start, start + ROWS_PER_INSERT).map((id) => {
          const track = state.targets[id] as TargetTrack;
          return { target_id: id, track: JSON.stringify(track), views: storeViews(track, state.views[id]) };
        }),
      )
      .onConflict((conflict) =>
        conflict.column('target_id').doUpdateSet((update) => ({
          track: update.ref('excluded.track'),
          views: update.ref('excluded.views'),
        })),
      )
      .execute();
  }
  for (let start = 0; start < gone.length; start += ROWS_PER_INSERT) {
    await trx
      .deleteFrom('engine_targets')
      .where('target_id', 'in', gone.slice(start, start + ROWS_PER_INSERT))
      .execute();
  }
}

/** Forgets the engine's saved memory before a rebuild, so no track of an old snapshot outlives it. */
export function clearEngineState(store: Store, fence?: EngineFence): Promise<void> {
  return store.exclusive((db) =>
    db.transaction().execute(async (trx) => {
      await fence?.(trx);
      await trx.deleteFrom('engine_targets').execute();
      await trx.deleteFrom('engine_state').execute();
    }),
  );
}
