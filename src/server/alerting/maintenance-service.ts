import { randomBytes } from 'node:crypto';
import type { MaintenanceScope, MaintenanceWindowConfig } from '../../config/maintenance-config.js';
import type { MaintenanceChange, MaintenanceWindow } from '../../incidents/engine-input.js';
import { configuredWindowsAt, planAdHocWindow } from '../../incidents/maintenance-windows.js';
import type { Logger } from '../../log/logger.js';
import {
  engineWindow,
  findWindow,
  readOpenWindows,
  type StoredWindow,
} from '../../store/read-maintenance.js';
import { createSerialQueue, type Store } from '../../store/store.js';
import type { WatchClock } from '../../watch/watch-clock.js';
import type { IncidentRunner } from './incident-runner.js';

/** How often configured schedules and ad hoc ends are looked at. */
export const MAINTENANCE_TICK_MS = 1_000;

export interface MaintenanceServiceOptions {
  store: Store;
  runner: Pick<IncidentRunner, 'applyMaintenance'>;
  clock: WatchClock;
  logger: Logger;
  /** the configured windows now (a reload changes them) */
  configured: () => readonly MaintenanceWindowConfig[];
  /** bursts every target in the window's scope at once; returns how many were asked */
  sweep: (window: MaintenanceWindow) => number;
  tickMs?: number;
}

export interface AdHocRequest {
  scope: MaintenanceScope;
  forMs: number;
  /** the cap on forMs */
  maxMs: number;
  name?: string;
  reason?: string;
}

export interface MaintenanceService {
  /** reads the open windows, ends what is over and starts what is due, then looks again every tick */
  start(): Promise<void>;
  stop(): void;
  /** an ad hoc window from now; `capped` when it asked for more than maxMs */
  open(request: AdHocRequest, by: string): Promise<{ window: StoredWindow; capped: boolean }>;
  /** ends a window now (then sweeps its scope); `unknown` or `ended` when there is nothing to end */
  end(id: string, by: string): Promise<StoredWindow | 'unknown' | 'ended'>;
}

/**
 * Maintenance inside `serve`. Windows from the configuration are evaluated on a timer of the injected
 * clock (configuredWindowsAt: a pure function of the schedule and the time); ad hoc windows come through
 * the API. Each start and end is handed to the incident engine, which records it on the timeline in the
 * transaction of its step; at each end the watch sweeps every target in the window's scope with a burst
 * at once, and the engine decides what the channels hear. Every window ends: on time at the latest, at
 * the first tick after a restart when it ended while the daemon was down.
 */
export function createMaintenanceService(options: MaintenanceServiceOptions): MaintenanceService {
  const { store, clock, logger } = options;
  const serial = createSerialQueue();
  const open = new Map<string, StoredWindow>();
  /** configured occurrences already started once (open or ended): never started twice */
  const known = new Set<string>();
  let cancelTick: (() => void) | undefined;
  let running = false;

  const describe = (window: MaintenanceWindow | StoredWindow) => ({
    window: window.id,
    name: window.name,
    scope: window.scope,
    endsAt: window.endsAt,
  });

  const startWindow = async (window: MaintenanceWindow, by: string): Promise<StoredWindow> => {
    const at = new Date(clock.now()).toISOString();
    const change: MaintenanceChange = { type: 'maintenance', at, action: 'start', window };
    await options.runner.applyMaintenance(change, by);
    const stored: StoredWindow = {
      id: window.id,
      name: window.name,
      source: window.source,
      scope: window.scope,
      reason: window.reason ?? null,
      startsAt: window.startsAt,
      endsAt: window.endsAt,
      startedBy: by,
      endedAt: null,
      endedBy: null,
    };
    open.set(window.id, stored);
    known.add(window.id);
    logger.info({ ...describe(window), by }, 'maintenance: window started');
    return stored;
  };

  const endWindow = async (window: StoredWindow, by: string): Promise<StoredWindow> => {
    const at = new Date(clock.now()).toISOString();
    const change: MaintenanceChange = {
      type: 'maintenance',
      at,
      action: 'end',
      window: engineWindow(window),
    };
    await options.runner.applyMaintenance(change, by);
    open.delete(window.id);
    const swept = options.sweep(engineWindow(window));
    logger.info({ ...describe(window), by, swept }, 'maintenance: window ended; its targets are swept');
    return { ...window, endedAt: at, endedBy: by };
  };

  const tick = async () => {
    const now = clock.now();
    const due = configuredWindowsAt(options.configured(), new Date(now));
    const dueIds = new Set(due.map((window) => window.id));
    for (const window of [...open.values()]) {
      if (window.source === 'config' && !dueIds.has(window.id)) await endWindow(window, 'schedule');
      else if (Date.parse(window.endsAt) <= now) await endWindow(window, 'schedule');
    }
    for (const window of due) {
      if (known.has(window.id)) continue;
      // Started by an earlier run of the daemon (and perhaps ended early through the API): not again.
      if ((await findWindow(store, window.id)) !== undefined) {
        known.add(window.id);
        continue;
      }
      await startWindow(window, 'config');
    }
  };

  const arm = () => {
    if (!running) return;
    cancelTick = clock.setTimer(options.tickMs ?? MAINTENANCE_TICK_MS, () => {
      void serial(tick)
        .catch((error: unknown) => {
          logger.warn(
            { reason: error instanceof Error ? error.message : String(error) },
            'maintenance: a window could not be started or ended; trying again',
          );
        })
        .finally(arm);
    });
  };

  return {
    async start() {
      for (const window of await readOpenWindows(store)) {
        open.set(window.id, window);
        known.add(window.id);
      }
      running = true;
      await serial(tick);
      arm();
    },
    stop() {
      running = false;
      cancelTick?.();
    },
    open: (request, by) =>
      serial(async () => {
        const now = new Date(clock.now());
        const planned = planAdHocWindow(
          {
            id: makeWindowId(now),
            name: request.name ?? describeScope(request.scope),
            scope: request.scope,
            forMs: request.forMs,
            maxMs: request.maxMs,
            ...(request.reason === undefined ? {} : { reason: request.reason }),
          },
          now,
        );
        const window = await startWindow(planned.change.window, by);
        return { window, capped: planned.capped };
      }),
    end: (id, by) =>
      serial(async () => {
        const window = open.get(id);
        if (window !== undefined) return endWindow(window, by);
        return (await findWindow(store, id)) === undefined ? 'unknown' : 'ended';
      }),
  };
}

/** "m-20261123T040000Z-3f9a1c": sortable by start, unique by its random tail. */
function makeWindowId(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  return `m-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** "origin web1", "site shop and environment acceptance": the name of a window nobody named. */
export function describeScope(scope: MaintenanceScope): string {
  const parts = [
    ...scope.origins.map((name) => `origin ${name}`),
    ...scope.sites.map((name) => `site ${name}`),
    ...scope.environments.map((name) => `environment ${name}`),
  ];
  return parts.join(', ');
}
