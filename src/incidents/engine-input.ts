import type { MaintenanceScope } from '../config/maintenance-config.js';
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
 * Everything the engine judges, in the order the store recorded it: one JSON line each in a replay file.
 * Closed: agent events and deploy marks join this union when their issue lands.
 */
export type EngineInput = RoundBatch | MaintenanceChange;
