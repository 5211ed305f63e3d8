import { DEFAULT_MAINTENANCE_MAX_MS } from './maintenance-defaults.js';
import type { RawMaintenance } from './maintenance-schema.js';

/** What a maintenance window covers; a target is in scope when any list names its site, origin or environment. */
export interface MaintenanceScope {
  sites: string[];
  origins: string[];
  environments: string[];
}

export type MaintenanceSchedule = { kind: 'cron'; pattern: string } | { kind: 'once'; start: string };

/** A window from the configuration: a schedule read in `timezone`, and an end `durationMs` after each start. */
export interface MaintenanceWindowConfig {
  name: string;
  scope: MaintenanceScope;
  schedule: MaintenanceSchedule;
  timezone: string;
  durationMs: number;
  maxMs: number;
  reason?: string;
}

export function buildMaintenance(raw: RawMaintenance | null | undefined): MaintenanceWindowConfig[] {
  return (raw ?? []).map((window) => {
    const built: MaintenanceWindowConfig = {
      name: window.name,
      scope: {
        sites: window.sites ?? [],
        origins: window.origins ?? [],
        environments: window.environments ?? [],
      },
      schedule:
        window.cron !== undefined
          ? { kind: 'cron', pattern: window.cron }
          : { kind: 'once', start: window.start ?? '' },
      timezone: window.timezone ?? 'UTC',
      durationMs: window.duration,
      maxMs: window.max ?? DEFAULT_MAINTENANCE_MAX_MS,
    };
    if (window.reason !== undefined) built.reason = window.reason;
    return built;
  });
}
