import type { RawMaintenance } from './maintenance-schema.js';

// Here rather than beside the schema: building a configuration must not load zod or croner
// (read-config-quickly.ts).
export const DEFAULT_MAINTENANCE_MAX_MS = 4 * 3_600_000;

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
