import { hostname } from 'node:os';
import type { FrontdoorConfig } from '../../config/config-types.js';
import { buildEngineSettings, type EngineSettings } from '../../incidents/engine-settings.js';
import type { EngineState } from '../../incidents/engine-state.js';
import { isInScope } from '../../incidents/maintenance-scope.js';
import type { Logger } from '../../log/logger.js';
import type { LeaseKeeper } from '../../store/lease-keeper.js';
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
  /**
   * The engine lease: the engine, the sender and the maintenance timer run while this node holds it, and
   * their writes pass its fence. A lease held already when alerting starts (SQLite's) is taken up before
   * startAlerting resolves, so a store that cannot be read fails the start.
   */
  lease: Pick<LeaseKeeper, 'held' | 'onChange' | 'fence'>;
  /** other nodes store batches too (PostgreSQL): the engine reads every batch from the store in order */
  followStore: boolean;
  /** how often the holder looks for batches other nodes stored (with followStore) */
  followMs?: number;
  /** how long a sender stopped by a lost lease may finish its deliveries in flight */
  stopSenderMs?: number;
}

export interface Alerting {
  runner: IncidentRunner;
  /** the incidents as the store has them, for the API, the dashboard and the write-up */
  incidents: StoreIncidentFeed;
  maintenance: MaintenanceService;
  /**
   * Once the watch runs: while this node holds the lease, windows that ended while the daemon was down end
   * now, and their scope is swept.
   */
  startMaintenance(): Promise<void>;
  /** a new configuration: channels, retry, policies and maintenance schedules */
  reload(config: FrontdoorConfig): void;
  /** stops following the lease, the maintenance timer and the sender (in-flight deliveries get `ms`) */
  stop(ms: number): Promise<void>;
}

/** A sender stopped because the lease was lost gets this long for its deliveries in flight. */
const STOP_SENDER_MS = 2_000;

/**
 * Incidents and notifications inside `serve`: the engine on every committed batch and maintenance change,
 * the outbox sender, maintenance windows on a timer, and the metrics that show them
 * (`frontdoor_incidents_open`, `frontdoor_outbox_pending`, `frontdoor_notifications_total`). All but the
 * incident feed run only while this node holds the engine lease: on taking it the engine loads (or
 * rebuilds) its state and takes in everything stored after it before the sender starts; on losing it they
 * stop, and the fence refuses whatever was still on its way to the store.
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
  const { lease } = options;
  let notifier: Notifier | undefined;
  const runner = createIncidentRunner({
    store,
    settings,
    now: clock.now,
    logger,
    fence: (trx) => lease.fence(trx),
    followStore: options.followStore,
    onStep(state, step) {
      metrics.setIncidentsOpen(countOpenIncidents(state));
      if (step.transitions > 0) incidents.changed();
      if (step.notifications > 0) {
        notifier?.wake();
        refreshPending();
      }
    },
  });
  const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
  options.writer.onStored((stored) => runner.consumeBatch(stored));

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

  let watching = false;
  let following = true;
  let cancelFollow: (() => void) | undefined;
  const follow = () => {
    cancelFollow?.();
    cancelFollow = undefined;
    if (!options.followStore || !runner.running()) return;
    cancelFollow = clock.setTimer(options.followMs ?? 1_000, () => {
      void runner
        .catchUp()
        .catch((error: unknown) => {
          logger.warn(
            { reason: describe(error) },
            'incidents: stored batches could not be taken in; retrying',
          );
        })
        .finally(follow);
    });
  };

  /** This node took the lease: the engine reads its state back and catches up, then the sender starts. */
  const takeUp = async () => {
    const loaded = await runner.start();
    metrics.setIncidentsOpen(countOpenIncidents(runner.state()));
    logger.info(
      {
        ...loaded,
        openIncidents: Object.values(runner.state().incidents).filter((i) => i.status === 'open').length,
      },
      'incidents: engine state ready',
    );
  };
  const startSenders = async (takeOver: boolean) => {
    notifier = await startNotifier({
      store,
      alerts: options.config().alerts,
      now: clock.now,
      logger,
      ownerPrefix: `${hostname()}/${options.location}#`,
      pid: options.pid ?? process.pid,
      takeOver,
      fence: (trx) => lease.fence(trx),
      countNotification: (channel, result) => metrics.countNotification(channel, result),
      onAttempt() {
        refreshPending();
        // a delivery shows on the incident's page
        incidents.changed();
      },
    });
    refreshPending();
    follow();
    if (watching) await maintenance.start();
  };
  const activate = async () => {
    try {
      await takeUp();
    } catch (error) {
      // Still the holder: the next batch (or the follow timer) reads the state back and tries again.
      logger.warn({ reason: describe(error) }, 'incidents: the engine state could not be read; retrying');
    }
    // Taken from another node (or again after a blink): what a dead former holder claimed is not left to
    // wait out its outbox lease.
    await startSenders(true);
  };
  const deactivate = async (ms: number) => {
    cancelFollow?.();
    cancelFollow = undefined;
    maintenance.stop();
    await runner.suspend();
    const stopping = notifier;
    notifier = undefined;
    await stopping?.stop(ms);
  };

  // Lease changes are taken up one after the other: a loss waits for the take-up before it, and so on.
  let changing: Promise<void> = Promise.resolve();
  const queue = (work: () => Promise<void>) => {
    changing = changing.then(work).catch((error: unknown) => {
      logger.warn({ reason: describe(error) }, 'incidents: the engine could not follow the lease');
    });
    return changing;
  };
  if (lease.held()) {
    // Held from the start (SQLite): as before the lease existed, a store that cannot be read fails the start.
    await takeUp();
    await startSenders(false);
  }
  const unfollow = lease.onChange((held) => {
    if (!following) return;
    void queue(held ? activate : () => deactivate(options.stopSenderMs ?? STOP_SENDER_MS));
  });

  return {
    runner,
    incidents,
    maintenance,
    async startMaintenance() {
      watching = true;
      await changing;
      if (runner.running()) await maintenance.start();
    },
    reload(config) {
      notifier?.reload(config.alerts);
    },
    async stop(ms) {
      following = false;
      unfollow();
      await queue(() => deactivate(ms));
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
