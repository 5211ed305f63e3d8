import type { MaintenanceScope } from '../config/maintenance-config.js';
import type { DeployMark } from './deploy-mark.js';
import type { HostEvent } from './host-event.js';
import type { RoundBatch } from './round.js';

/**
 * A maintenance window as the engine sees it: always with an end. `id` is stable for the window's whole
 * life (`config:NAME@START` for a configured occurrence, the API's id for an ad-hoc window).
 */
export interface MaintenanceWindow {
  id: string;
  name: string;
  source: 'config' | 'api';
  scope: MaintenanceScope;
  /** ISO 8601 */
  startsAt: string;
  /** ISO 8601; the engine ends the window at this time even if no `end` input arrives */
  endsAt: string;
  reason?: string;
}

/** A window began or ended (early, through the API, or on time). */
export interface MaintenanceChange {
  type: 'maintenance';
  /** ISO 8601 time of the change */
  at: string;
  action: 'start' | 'end';
  window: MaintenanceWindow;
}

/**
 * New host events of one agent, as the watch stored them from one `POST /api/v1/events` (a resend's
 * duplicates left out). `at` is when the watch received them: the engine's time is the watch's own,
 * whatever the agent's clock says; each event keeps its own times.
 */
export interface HostEventsInput {
  type: 'host_events';
  /** ISO 8601, the watch's clock */
  at: string;
  origin: string;
  events: HostEvent[];
}

/** A deploy mark from `frontdoor verify --report-to`, as the watch stored it (`POST /api/v1/deploys`). */
export interface DeployInput {
  type: 'deploy';
  /** ISO 8601, when the watch received it */
  at: string;
  /** the store's id for it: keys it on the timeline and in incidents */
  id: string;
  mark: DeployMark;
}

/**
 * Everything the engine judges, in the order the store recorded it: one JSON line each in a replay file.
 * Closed: rounds, maintenance changes, host events and deploy marks.
 */
export type EngineInput = RoundBatch | MaintenanceChange | HostEventsInput | DeployInput;
