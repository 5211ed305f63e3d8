import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { Registry } from 'prom-client';
import type { FrontdoorConfig } from '../config/config-types.js';
import { FrontdoorError } from '../errors.js';
import type { HostResolver } from '../probe/host-resolver.js';
import { createLeaseKeeper, createSoleLease, type LeaseKeeper, leaseTiming } from '../store/lease-keeper.js';
import { openStore, type StoreLocation } from '../store/open-store.js';
import { pruneHistory } from '../store/prune-history.js';
import { readLatestRounds } from '../store/read-latest-rounds.js';
import type { Store } from '../store/store.js';
import { createStoreWriter, type StoredListener, type StoreWriter } from '../store/store-writer.js';
import { FRONTDOOR_VERSION } from '../version.js';
import { createWatch, type Watch } from '../watch/create-watch.js';
import { planWatch } from '../watch/plan-watch.js';
import { systemWatchClock, type WatchClock } from '../watch/watch-clock.js';
import { countFleet, type FleetCounts } from '../web/count-fleet.js';
import { type Alerting, startAlerting } from './alerting/start-alerting.js';
import type { DaemonView } from './api/daemon-view.js';
import { assertListenProtected } from './auth/assert-listen-protected.js';
import { buildWatchServer } from './build-watch-server.js';
import { createWatchMetrics } from './metrics/watch-metrics.js';
import { createEventHub } from './stream/event-hub.js';
import { createFleetPublisher } from './stream/fleet-publisher.js';

/** Retention runs at start and then this often. */
const PRUNE_EVERY_MS = 10 * 60_000;
/** SIGTERM's budget, within systemd's and the brief's 10 s: in-flight probes, then the store. */
const STOP_PROBES_MS = 6_000;
const FLUSH_MS = 2_000;
const CLOSE_SERVER_MS = 1_000;
/** A delivery still in flight after this is abandoned; its lease is freed at the next start and it is resent. */
const STOP_SENDER_MS = 2_000;
/** Rounds held in memory while the store cannot take them (about 2.5 min of 10,000 targets at 30 s). */
export const DEFAULT_MAX_QUEUED_ROUNDS = 50_000;

export interface DaemonOptions {
  /** read with reader 'serve' (config.watch present) */
  config: FrontdoorConfig;
  store: StoreLocation;
  listen: { host: string; port: number };
  location: string;
  logger: PinoLogger;
  clock?: WatchClock;
  /** for the lab: names resolve only through the configuration */
  resolver?: HostResolver;
  maxQueuedRounds?: number;
  batchMs?: number;
}

export interface Daemon {
  /** where it listens: `http://127.0.0.1:9470` */
  url: string;
  watch: Watch;
  store: Store;
  writer: StoreWriter;
  /** the engine lease: on PostgreSQL one node at a time holds it; on SQLite this node always does */
  lease: LeaseKeeper;
  /** hands every committed batch to `listener` in order: where the incident engine plugs in */
  onBatchStored(listener: StoredListener): () => void;
  /** applies a new configuration; throws (and keeps the running one) when it cannot be planned */
  reload(config: FrontdoorConfig): Promise<{ added: number; removed: number; targets: number }>;
  /** stops probing (in-flight rounds finish), flushes the store and closes everything; within 10 s */
  shutdown(): Promise<{ flushed: boolean }>;
}

/**
 * Starts `frontdoor serve`'s daemon: opens the store (applying migrations), resumes every target's latest
 * round from it, starts the watch and the HTTP server, and prunes history by retention.
 * @throws FrontdoorError FD_ERR_STORE, FD_ERR_CA_READ, FD_ERR_LISTEN_UNPROTECTED or FD_ERR_LISTEN
 */
export async function startWatchDaemon(options: DaemonOptions): Promise<Daemon> {
  const clock = options.clock ?? systemWatchClock;
  const { logger, location } = options;
  let config = options.config;
  assertListenProtected({ host: options.listen.host, tokens: config.api?.tokens ?? [] });
  const first = await planWatch(config, withResolver(options.resolver));
  const store = await openStore(options.store, { logger });
  const writer = createStoreWriter({
    store,
    logger,
    now: clock.now,
    maxQueuedRounds: options.maxQueuedRounds ?? DEFAULT_MAX_QUEUED_ROUNDS,
  });
  // Unique per process: a node restarted under the same location is a new holder, with a new epoch.
  const owner = `${location}/${hostname()}/${process.pid}`;
  const lease =
    store.dialect === 'postgres'
      ? createLeaseKeeper({
          store,
          name: 'engine',
          owner,
          ...leaseTiming(first.settings.intervalMs),
          logger,
          now: clock.now,
          schedule: clock.setTimer,
        })
      : createSoleLease('engine', owner);
  // The sole lease is held from here: the engine is loaded (or the start fails) before the watch runs.
  if (store.dialect !== 'postgres') lease.start();
  const registry = new Registry();
  const metrics = createWatchMetrics(registry, { location });
  const hub = createEventHub();
  // Set once the watch exists: the counts read its latest rounds.
  let countTargets: () => FleetCounts = () => ({ targets: 0, failing: 0, warning: 0, pending: 0 });
  const publisher = createFleetPublisher(hub, () => countTargets());
  const watch = createWatch({
    location,
    clock,
    logger,
    // The dashboard hears each batch as it closes, not when the store has it: a slow store must not
    // freeze the live view.
    sink: {
      enqueue(batch) {
        writer.enqueue(batch);
        publisher.publishBatch(batch);
      },
    },
    observer: metrics,
    ...(options.batchMs === undefined ? {} : { batchMs: options.batchMs }),
  });
  countTargets = () => {
    const latest = watch.latest();
    return countFleet((watch.plan()?.targets ?? []).map((entry) => latest.get(entry.id)?.result.verdict));
  };
  watch.apply(first);
  writer.setTargets(
    first.targets.map((entry) => entry.target),
    clock.now(),
  );
  let alerting: Alerting;
  try {
    watch.resume(await readLatestRounds(store, location, clock.now() - first.settings.retention.rawMs));
    alerting = await startAlerting({
      store,
      writer,
      watch,
      metrics,
      config: () => config,
      clock,
      logger,
      location,
      lease,
      followStore: store.dialect === 'postgres',
      followMs: Math.min(1_000, first.settings.intervalMs),
    });
  } catch (error) {
    await store.close();
    throw new FrontdoorError('FD_ERR_STORE', `store: cannot read ${store.description}: ${describe(error)}`, {
      cause: error,
    });
  }

  const { incidents } = alerting;
  incidents.onChange(() => {
    void incidents.list({ state: 'open', limit: 20 }).then((open) => hub.publish('incidents', { open }));
  });

  const view: DaemonView = {
    version: FRONTDOOR_VERSION,
    startedAtMs: clock.now(),
    now: clock.now,
    watch,
    store,
    writer,
    lease,
    tokens: () => config.api?.tokens ?? [],
    maintenance: alerting.maintenance,
    // The change is in the events table already; the runner reads what it has not taken in from there.
    changesStored() {
      // The changes page fetches itself on this; the engine's own reading of the change follows below.
      hub.publish('changes', { at: new Date(clock.now()).toISOString() });
      alerting.runner.changesStored().catch((error: unknown) => {
        logger.warn(
          { reason: describe(error) },
          'incidents: stored changes could not be taken in; retried with the next',
        );
      });
    },
    incidents,
  };
  let app: FastifyInstance;
  try {
    app = await buildWatchServer({
      view,
      logger,
      registry,
      listen: options.listen,
      modules: () => config.modules ?? {},
      hub,
      ...withResolver(options.resolver),
    });
    await app.listen({ host: options.listen.host, port: options.listen.port });
  } catch (error) {
    await alerting.stop(0);
    await store.close();
    const code = (error as { code?: unknown }).code;
    throw new FrontdoorError(
      'FD_ERR_LISTEN',
      `--listen ${options.listen.host}:${options.listen.port}: cannot listen: ${typeof code === 'string' ? code : describe(error)}`,
      { cause: error },
    );
  }
  const bound = app.server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  watch.start();
  // After the watch runs: a window that ended while the daemon was down ends now, and its scope is swept.
  await alerting.startMaintenance().catch((error: unknown) => {
    logger.warn({ reason: describe(error) }, 'maintenance: windows could not be read; retried every second');
  });
  lease.start();

  const prune = async () => {
    const plan = watch.plan();
    if (plan === undefined) return;
    try {
      const counts = await pruneHistory(store, plan.settings.retention, clock.now());
      if (Object.values(counts).some((count) => count > 0))
        logger.info({ pruned: counts }, 'store: pruned history');
    } catch (error) {
      logger.warn({ reason: describe(error) }, 'store: pruning failed; retried at the next run');
    }
  };
  let cancelPrune: (() => void) | undefined;
  const schedulePrune = () => {
    cancelPrune = clock.setTimer(PRUNE_EVERY_MS, () => {
      void prune().finally(schedulePrune);
    });
  };
  void prune();
  schedulePrune();

  logger.info(
    {
      url: `http://${host}:${bound.port}`,
      store: store.description,
      location,
      targets: first.targets.length,
      intervalMs: first.settings.intervalMs,
    },
    'frontdoor serve: watching',
  );

  let stopping: Promise<{ flushed: boolean }> | undefined;
  return {
    url: `http://${host}:${bound.port}`,
    watch,
    store,
    writer,
    lease,
    onBatchStored: (listener) => writer.onStored(listener),
    async reload(next) {
      const plan = await planWatch(next, withResolver(options.resolver));
      const before = new Set(watch.plan()?.targets.map((entry) => entry.id) ?? []);
      const after = new Set(plan.targets.map((entry) => entry.id));
      config = next;
      alerting.reload(next);
      watch.apply(plan);
      publisher.retain(after);
      writer.setTargets(
        plan.targets.map((entry) => entry.target),
        clock.now(),
      );
      return {
        added: [...after].filter((id) => !before.has(id)).length,
        removed: [...before].filter((id) => !after.has(id)).length,
        targets: after.size,
      };
    },
    shutdown() {
      stopping ??= (async () => {
        cancelPrune?.();
        await within(app.close(), CLOSE_SERVER_MS);
        const [finished] = await Promise.all([
          within(watch.stop(), STOP_PROBES_MS),
          alerting.stop(STOP_SENDER_MS),
        ]);
        if (!finished) logger.warn({}, 'frontdoor serve: rounds still in flight at shutdown were abandoned');
        const flushed = await writer.flush(clock.now() + FLUSH_MS);
        if (!flushed) {
          logger.error(
            { queuedRounds: writer.status().queuedRounds },
            'frontdoor serve: the store did not take every round before shutdown',
          );
        }
        await lease.stop();
        await store.close();
        return { flushed };
      })();
      return stopping;
    },
  };
}

function withResolver(resolver: HostResolver | undefined): { resolver?: HostResolver } {
  return resolver === undefined ? {} : { resolver };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Resolves true when `work` settles within `ms`, false when the time ran out first. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = work.then(
    () => true as const,
    () => true as const,
  );
  const outcome = await Promise.race([done, timeout]);
  clearTimeout(timer);
  return outcome;
}
