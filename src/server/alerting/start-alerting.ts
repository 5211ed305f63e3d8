import { hostname } from 'node:os';
import type { FrontdoorConfig } from '../../config/config-types.js';
import { buildEngineSettings, type EngineSettings } from '../../incidents/engine-settings.js';
import type { EngineState } from '../../incidents/engine-state.js';
import { isInScope } from '../../incidents/maintenance-scope.js';
import type { Logger } from '../../log/logger.js';
import { countPendingOutbox } from '../../store/sql-outbox-store.js';
import type { Store } from '../../store/store.js';
import type { StoreWriter } from '../../store/store-writer.js';
import type { Watch } from '../../watch/create-watch.js';
import type { WatchClock } from '../../watch/watch-clock.js';
import { createStoreIncidentFeed, type StoreIncidentFeed } from '../incidents/store-incident-feed.js';
import type { WatchMetrics } from '../metrics/watch-metrics.js';
import { createIncidentRunner, type IncidentRunner } from './incident-runner.js';
import { createMaintenanceService, type MaintenanceService } from './maintenance-service.js';
import { type Notifier, startNotifier } from './start-notifier.js';

export interface AlertingOptions {
  store: Store;
  writer: Pick<StoreWriter, 'onStored'>;
  watch: Pick<Watch, 'plan' | 'sweep'>;
  metrics: Pick<WatchMetrics, 'setIncidentsOpen' | 'setOutboxPending' | 'countNotification'>;
  /** the running configuration (a reload changes it) */
  config: () => FrontdoorConfig;
  clock: WatchClock;
  logger: Logger;
  location: string;
  pid?: number;
}

export interface Alerting {
  runner: IncidentRunner;
  /** the incidents as the store has them, for the API, the dashboard and the write-up */
  incidents: StoreIncidentFeed;
  maintenance: MaintenanceService;
  /** once the watch runs: windows that ended while the daemon was down end now, and their scope is swept */
  startMaintenance(): Promise<void>;
  /** a new configuration: channels, retry, policies and maintenance schedules */
  reload(config: FrontdoorConfig): void;
  /** stops the maintenance timer and the sender (in-flight deliveries get `ms`) */
  stop(ms: number): Promise<void>;
}

/**
 * Incidents and notifications inside `serve`: the engine on every committed batch and maintenance change,
 * the outbox sender, maintenance windows on a timer, and the metrics that show them
 * (`frontdoor_incidents_open`, `frontdoor_outbox_pending`, `frontdoor_notifications_total`). The engine's
 * state is loaded (or rebuilt) before the first new batch is taken in.
 */
export async function startAlerting(options: AlertingOptions): Promise<Alerting> {
  const { store, logger, clock, metrics } = options;
  let settingsFor: { config: FrontdoorConfig; settings: EngineSettings } | undefined;
  const settings = (): EngineSettings => {
    const config = options.config();
    if (settingsFor?.config !== config) settingsFor = { config, settings: buildEngineSettings(config) };
    return settingsFor.settings;
  };

  let pendingRefresh: Promise<void> | undefined;
  let refreshAgain = false;
  const refreshPending = () => {
    if (pendingRefresh !== undefined) {
      refreshAgain = true;
      return;
    }
    pendingRefresh = countPendingOutbox(store)
      .then((count) => metrics.setOutboxPending(count))
      .catch(() => undefined)
      .finally(() => {
        pendingRefresh = undefined;
        if (refreshAgain) {
          refreshAgain = false;
          refreshPending();
        }
      });
  };

  const incidents = createStoreIncidentFeed({ store, now: clock.now });
  let notifier: Notifier | undefined;
  const runner = createIncidentRunner({
    store,
    settings,
    now: clock.now,
    logger,
    onStep(state, step) {
      metrics.setIncidentsOpen(countOpenIncidents(state));
      if (step.transitions > 0) incidents.changed();
      if (step.notifications > 0) {
        notifier?.wake();
        refreshPending();
      }
    },
  });
  const loaded = await runner.start();
  metrics.setIncidentsOpen(countOpenIncidents(runner.state()));
  logger.info(
    {
      ...loaded,
      openIncidents: Object.values(runner.state().incidents).filter((i) => i.status === 'open').length,
    },
    'incidents: engine state ready',
  );
  options.writer.onStored((stored) => runner.consumeBatch(stored));

  notifier = await startNotifier({
    store,
    alerts: options.config().alerts,
    now: clock.now,
    logger,
    ownerPrefix: `${hostname()}/${options.location}#`,
    pid: options.pid ?? process.pid,
    countNotification: (channel, result) => metrics.countNotification(channel, result),
    onAttempt() {
      refreshPending();
      // a delivery shows on the incident's page
      incidents.changed();
    },
  });
  refreshPending();

  const maintenance = createMaintenanceService({
    store,
    runner,
    clock,
    logger,
    configured: () => options.config().maintenance,
    sweep: (window) => {
      const targets = options.watch.plan()?.targets ?? [];
      const sites = settings().sites;
      return options.watch.sweep(
        targets.filter((entry) => isInScope(entry.target, window.scope, sites)).map((entry) => entry.id),
      );
    },
  });

  return {
    runner,
    incidents,
    maintenance,
    startMaintenance: () => maintenance.start(),
    reload(config) {
      notifier?.reload(config.alerts);
    },
    async stop(ms) {
      maintenance.stop();
      await notifier?.stop(ms);
    },
  };
}

/** Open incidents per environment of their targets (an incident across two environments counts in both). */
export function countOpenIncidents(state: EngineState): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const incident of Object.values(state.incidents)) {
    if (incident.status !== 'open') continue;
    const ids = incident.members.length > 0 ? incident.members : incident.affected;
    const environments = new Set(ids.map((id) => state.targets[id]?.result.environment ?? ''));
    for (const environment of environments) counts[environment] = (counts[environment] ?? 0) + 1;
  }
  return counts;
}
