import type { Generated } from 'kysely';

/**
 * The incident engine's tables (migration 0002): what it decided (incidents, their targets, numbered
 * transitions), what it owes the channels (the outbox, every delivery attempt), maintenance windows and
 * their timeline, and its own memory (one snapshot row plus one row per target track). Same conventions
 * as store-tables.ts: ms times in bigint columns, 0/1 integers, JSON as text.
 */
export interface IncidentTables {
  incidents: IncidentsTable;
  incident_targets: IncidentTargetsTable;
  transitions: TransitionsTable;
  outbox: OutboxTable;
  deliveries: DeliveriesTable;
  channel_failures: ChannelFailuresTable;
  maintenance: MaintenanceTable;
  maintenance_events: MaintenanceEventsTable;
  engine_state: EngineStateTable;
  engine_targets: EngineTargetsTable;
}

/** One incident as last written by the engine: kept after it resolved, unlike the engine's own memory. */
export interface IncidentsTable {
  id: string;
  policy: string;
  cause_key: string;
  cause_code: string;
  title: string;
  status: 'open' | 'resolved';
  opened_at_ms: number;
  resolved_at_ms: number | null;
  updated_at_ms: number;
  /** string[] as JSON: the environments of its targets */
  environments: string;
  /** how many transitions it has had */
  transitions: number;
  /** IncidentMessage as JSON: the incident as a message would describe it after its latest transition */
  message: string;
  /** IncidentRecord as JSON, as the engine last held it (at its end, for one that left its state) */
  record: string;
}

/** A target that was part of an incident; `left_at_ms` null while it is failing in it. */
export interface IncidentTargetsTable {
  incident_id: string;
  target_id: string;
  joined_at_ms: number;
  left_at_ms: number | null;
}

/** One numbered transition; (incident_id, number) is unique and keys its notification. */
export interface TransitionsTable {
  incident_id: string;
  number: number;
  at_ms: number;
  kind: string;
  detail: string;
  cause: string;
  /** string[] as JSON: the targets it added or removed */
  targets: string;
}

/** One message for one channel (OutboxRow in src/notify/outbox-store.ts). */
export interface OutboxTable {
  id: string;
  key: string;
  channel: string;
  /** the incident it is about; null for a "channel X failed" notice */
  incident_id: string | null;
  /** the notification kind (opened, resolved, ...) or channel_failed */
  kind: string;
  /** Outbound as JSON */
  message: string;
  created_ms: number;
  deadline_ms: number;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_attempt_ms: number;
  first_failure_ms: number | null;
  last_error: string | null;
  delivered_ms: number | null;
  lease_owner: string | null;
  lease_until_ms: number | null;
}

/** Every delivery attempt, in the transaction that marks its outbox row. */
export interface DeliveriesTable {
  id: Generated<number>;
  outbox_id: string;
  key: string;
  channel: string;
  incident_id: string | null;
  /** 1 for the first attempt of the row */
  attempt: number;
  at_ms: number;
  duration_ms: number;
  result: 'sent' | 'failed' | 'dead_lettered';
  status: number | null;
  /** one line, secrets already taken out */
  detail: string;
  /** the sender that made the attempt */
  owner: string;
}

/** A channel's current run of failures: since when; the row goes at its next delivery. */
export interface ChannelFailuresTable {
  channel: string;
  since_ms: number;
}

/** A maintenance window: a configured occurrence or an ad hoc one, who started and ended it, and when. */
export interface MaintenanceTable {
  id: string;
  name: string;
  source: 'config' | 'api';
  /** MaintenanceScope as JSON */
  scope: string;
  reason: string | null;
  starts_at_ms: number;
  ends_at_ms: number;
  started_by: string;
  /** when it ended (on time, early through the API, or found over at a start); null while it is open */
  ended_at_ms: number | null;
  ended_by: string | null;
}

/** The maintenance timeline: each start and end as the engine input it was, in the order applied. */
export interface MaintenanceEventsTable {
  id: Generated<number>;
  window_id: string;
  action: 'start' | 'end';
  at_ms: number;
  by: string;
  /** MaintenanceChange as JSON */
  input: string;
}

/** The engine's memory apart from target tracks: one row, written with every step it takes. */
export interface EngineStateTable {
  id: string;
  /** EngineState.version: another version is rebuilt from stored inputs, never read */
  version: number;
  at: string | null;
  /** the last batch, maintenance event and change (events table: host event or deploy mark) taken in */
  last_batch_id: number;
  last_event_id: number;
  last_change_id: number;
  /** EngineState.incidents, .cycles, .windows, .changes and .deploys as JSON */
  incidents: string;
  cycles: string;
  windows: string;
  changes: string;
  deploys: string;
  /** EngineState.locations as JSON; null in a snapshot written before it was stored */
  locations: string | null;
  updated_ms: number;
}

/** One TargetTrack as JSON: only the tracks a step touched are written. */
export interface EngineTargetsTable {
  target_id: string;
  track: string;
  /** EngineState.views[target_id] as JSON; null when the track alone seeds them (stored-views.ts), or in a snapshot written before they were stored */
  views: string | null;
}
