import type { Generated } from 'kysely';
import type { IncidentTables } from './incident-tables.js';

/**
 * The store's tables as Kysely sees them: one schema for SQLite and PostgreSQL. Times are milliseconds
 * since the epoch in bigint columns (read back as numbers), booleans are 0/1 integers and whole results
 * are JSON text, so every query stays portable. Each migration's tables have their interface; events
 * (agent and deploy) come with their issue.
 */
export interface StoreTables extends IncidentTables {
  targets: TargetsTable;
  batches: BatchesTable;
  rounds: RoundsTable;
  rollup_minute: RollupTable;
  rollup_hour: RollupTable;
  events: EventsTable;
  deploy_origins: DeployOriginsTable;
  leases: LeasesTable;
}

/** Who holds a lease (the engine's: one node at a time runs the incident engine and the senders). */
export interface LeasesTable {
  name: string;
  /** the holding process (`location/host/pid/random`), null once released */
  holder: string | null;
  /** grows by one at each change of holder: the fencing token */
  epoch: number;
  /** the database's clock, ms since the epoch */
  expires_ms: number;
  acquired_ms: number | null;
  renewed_ms: number | null;
}

/** Every target the watch has been configured with, so history of removed targets stays findable. */
export interface TargetsTable {
  id: string;
  name: string;
  url: string;
  hostname: string;
  via: string;
  site: string | null;
  origin: string | null;
  environment: string | null;
  first_seen_ms: number;
  last_seen_ms: number;
  /** when a reload took it out of the configuration; null while configured */
  removed_ms: number | null;
}

/** One RoundBatch: its close time and correlate's findings over the location's latest results. */
export interface BatchesTable {
  id: Generated<number>;
  location: string;
  at_ms: number;
  round_count: number;
  /** Finding[] as JSON */
  findings: string;
}

/** One TargetRound: its full TargetResult as JSON plus the columns queries filter and aggregate on. */
export interface RoundsTable {
  id: Generated<number>;
  batch_id: number;
  target_id: string;
  location: string;
  at_ms: number;
  reason: string;
  verdict: string;
  layer: string;
  /** 1 when the verdict let visitors through (ok, slow) */
  passed: number;
  status: number | null;
  /** requests in the round (the burst size, 1 for a single probe) and how many failed */
  requests: number;
  failed_requests: number;
  dns_ms: number | null;
  connect_ms: number | null;
  tls_ms: number | null;
  ttfb_ms: number | null;
  total_ms: number;
  /** TargetResult as JSON */
  result: string;
}

/** Rounds of one target, location and verdict within one minute or hour, with phase aggregates. */
export interface RollupTable {
  target_id: string;
  location: string;
  bucket_ms: number;
  verdict: string;
  rounds: number;
  requests: number;
  failed_requests: number;
  dns_sum: number;
  dns_max: number | null;
  dns_count: number;
  connect_sum: number;
  connect_max: number | null;
  connect_count: number;
  tls_sum: number;
  tls_max: number | null;
  tls_count: number;
  ttfb_sum: number;
  ttfb_max: number | null;
  ttfb_count: number;
  total_sum: number;
  total_max: number | null;
  total_count: number;
}

/**
 * The change timeline: one row per host event (`kind` 'host', unique by origin and sequence) or deploy
 * mark (`kind` 'deploy', origin and sequence null, its origins in deploy_origins). `id` is the order the
 * watch received them in, which is the order the incident engine reads them.
 */
export interface EventsTable {
  id: Generated<number>;
  kind: 'host' | 'deploy';
  origin: string | null;
  sequence: number | null;
  /** the host event's type, or 'deploy' */
  type: string;
  /** the event's observedAt, or the deploy's startedAt: where it sits on the timeline */
  observed_at_ms: number;
  received_at_ms: number;
  /** the name of the API token that posted it (never the token) */
  source: string;
  /** the HostEvent or DeployMark as JSON, exactly as validated */
  body: string;
}

/** The origins a deploy mark touched, so the timeline of one origin finds its deploys. */
export interface DeployOriginsTable {
  event_id: number;
  origin: string;
}

/** The phases rollups aggregate, each a `<phase>_ms` column of rounds. */
export const ROLLUP_PHASES = ['dns', 'connect', 'tls', 'ttfb', 'total'] as const;
export type RollupPhase = (typeof ROLLUP_PHASES)[number];
