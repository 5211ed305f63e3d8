import { Cron } from 'croner';
import type { MaintenanceWindowConfig } from '../config/maintenance-config.js';
import type { MaintenanceChange, MaintenanceWindow } from './engine-input.js';

/** The occurrence of a configured window that covers `atMs`, if one does. */
function occurrenceAt(
  config: MaintenanceWindowConfig,
  atMs: number,
): { start: number; end: number } | undefined {
  const length = Math.min(config.durationMs, config.maxMs);
  let start: number | undefined;
  if (config.schedule.kind === 'once') {
    start = new Cron(config.schedule.start, { timezone: config.timezone }).nextRun(new Date(0))?.getTime();
  } else {
    // previousRuns excludes a run exactly at its reference, so look from just after `at`.
    start = new Cron(config.schedule.pattern, { timezone: config.timezone })
      .previousRuns(1, new Date(atMs + 1_000))[0]
      ?.getTime();
  }
  if (start === undefined || start > atMs || atMs >= start + length) return undefined;
  return { start, end: start + length };
}

/**
 * The configured windows open at `at`: a pure function of the configuration and the time, so the watch
 * asks it every tick and feeds the engine what changed (see `diffWindows`).
 */
export function configuredWindowsAt(
  configs: readonly MaintenanceWindowConfig[],
  at: Date,
): MaintenanceWindow[] {
  const windows: MaintenanceWindow[] = [];
  for (const config of configs) {
    const occurrence = occurrenceAt(config, at.getTime());
    if (occurrence === undefined) continue;
    const startsAt = new Date(occurrence.start).toISOString();
    const window: MaintenanceWindow = {
      id: `config:${config.name}@${startsAt}`,
      name: config.name,
      source: 'config',
      scope: {
        sites: [...config.scope.sites],
        origins: [...config.scope.origins],
        environments: [...config.scope.environments],
      },
      startsAt,
      endsAt: new Date(occurrence.end).toISOString(),
    };
    if (config.reason !== undefined) window.reason = config.reason;
    windows.push(window);
  }
  return windows;
}

/** The engine inputs that take the windows open before to the windows open now: ends first, then starts. */
export function diffWindows(
  before: readonly MaintenanceWindow[],
  now: readonly MaintenanceWindow[],
  at: Date,
): MaintenanceChange[] {
  const time = at.toISOString();
  const nowIds = new Set(now.map((window) => window.id));
  const beforeIds = new Set(before.map((window) => window.id));
  return [
    ...before
      .filter((window) => !nowIds.has(window.id))
      .map((window): MaintenanceChange => ({ type: 'maintenance', at: time, action: 'end', window })),
    ...now
      .filter((window) => !beforeIds.has(window.id))
      .map((window): MaintenanceChange => ({ type: 'maintenance', at: time, action: 'start', window })),
  ];
}

export interface AdHocWindowRequest {
  id: string;
  name: string;
  scope: MaintenanceWindow['scope'];
  /** how long it lasts: required, every window has an end */
  forMs: number;
  /** the cap (WATCH.md: default 4h) */
  maxMs: number;
  reason?: string;
}

/**
 * An ad-hoc window (`frontdoor maintenance start --for 1h`) starting at `at`, its length capped by `maxMs`;
 * `capped` says the request asked for more, so the caller can say so.
 */
export function planAdHocWindow(
  request: AdHocWindowRequest,
  at: Date,
): { change: MaintenanceChange; capped: boolean } {
  const length = Math.min(request.forMs, request.maxMs);
  const window: MaintenanceWindow = {
    id: request.id,
    name: request.name,
    source: 'api',
    scope: request.scope,
    startsAt: at.toISOString(),
    endsAt: new Date(at.getTime() + length).toISOString(),
  };
  if (request.reason !== undefined) window.reason = request.reason;
  return {
    change: { type: 'maintenance', at: at.toISOString(), action: 'start', window },
    capped: request.forMs > request.maxMs,
  };
}
