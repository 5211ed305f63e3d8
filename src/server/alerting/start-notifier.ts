import type { Kysely } from 'kysely';
import type { AlertsConfig } from '../../config/alerts-config.js';
import type { Logger } from '../../log/logger.js';
import { DEFAULT_BACKOFF } from '../../notify/backoff.js';
import type { Channel } from '../../notify/channel.js';
import { createChannels } from '../../notify/create-channel.js';
import { createOutboxSender } from '../../notify/outbox-sender.js';
import type { OutboxStore } from '../../notify/outbox-store.js';
import { createSqlOutboxStore, releaseLeases } from '../../store/sql-outbox-store.js';
import type { Store } from '../../store/store.js';
import type { StoreTables } from '../../store/store-tables.js';
import type { NotificationResult } from '../metrics/watch-metrics.js';

export interface NotifierOptions {
  store: Store;
  alerts: AlertsConfig;
  now: () => number;
  logger: Logger;
  /**
   * This node's leases are named `${ownerPrefix}${pid}`; at start the leases of an earlier process with the
   * same prefix are freed (it is dead, or this one could not have the store), so a restart resumes at once.
   * Those of this process are kept: a sender it stopped when it lost the engine lease may still be
   * finishing a delivery.
   */
  ownerPrefix: string;
  pid: number;
  /**
   * This node took the engine lease from another (several nodes over PostgreSQL): the rows the former
   * holder claimed are freed too. It is dead (kill -9: its claims would hold the pages back for the whole
   * outbox lease, two minutes) or it stopped its sender when it lost the lease; what it sent and could not
   * record goes out again, and the receiver drops the repeat by its idempotency key.
   */
  takeOver?: boolean;
  /** inside each claim's transaction: refuses unless this node still holds the engine lease */
  fence?: (trx: Kysely<StoreTables>) => Promise<void>;
  countNotification: (channel: string, result: NotificationResult) => void;
  /** after every delivery attempt: refresh the pending gauge */
  onAttempt?: () => void;
}

export interface Notifier {
  /** new rows were written: deliver now rather than at the next poll */
  wake(): void;
  /** a reload: channels added, changed or removed apply to the next delivery */
  reload(alerts: AlertsConfig): void;
  /** stops taking rows; resolves when the deliveries in flight ended or `ms` passed */
  stop(ms: number): Promise<void>;
}

/**
 * The outbox sender inside `serve`, over the store's outbox: every attempt recorded (deliveries table) and
 * counted in `frontdoor_notifications_total{channel,result}`, dead letters included.
 */
export async function startNotifier(options: NotifierOptions): Promise<Notifier> {
  const owner = `${options.ownerPrefix}${options.pid}`;
  const released = await releaseLeases(options.store, options.takeOver ? '' : options.ownerPrefix, owner);
  if (released > 0) {
    options.logger.info(
      { released },
      options.takeOver
        ? 'outbox: freed the leases of the former engine holder; resuming'
        : 'outbox: freed the leases of the previous process; resuming',
    );
  }
  const channels: Record<string, Channel> = {};
  const install = (alerts: AlertsConfig) => {
    const previous = Object.values(channels);
    for (const name of Object.keys(channels)) delete channels[name];
    Object.assign(channels, createChannels(alerts.channels));
    for (const channel of previous) void channel.close?.().catch(() => undefined);
  };
  install(options.alerts);
  // The sender keeps this object: a reload changes its fields, and the next retry uses them.
  const backoff = {
    ...DEFAULT_BACKOFF,
    baseMs: options.alerts.retry.baseMs,
    capMs: options.alerts.retry.capMs,
  };
  const sender = createOutboxSender({
    store: countingOutbox(createSqlOutboxStore(options.store, options.fence), options),
    channels,
    clock: { now: options.now },
    random: Math.random,
    owner,
    log: options.logger,
    backoff,
  });
  const abort = new AbortController();
  const running = sender.run(abort.signal);
  return {
    wake: () => sender.wake(),
    reload(alerts) {
      install(alerts);
      Object.assign(backoff, { baseMs: alerts.retry.baseMs, capMs: alerts.retry.capMs });
    },
    async stop(ms) {
      abort.abort();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
      clearTimeout(timer);
      for (const channel of Object.values(channels)) await channel.close?.().catch(() => undefined);
    },
  };
}

/** The outbox with every attempt counted by its result. */
function countingOutbox(
  outbox: OutboxStore,
  options: Pick<NotifierOptions, 'countNotification' | 'onAttempt'>,
): OutboxStore {
  return {
    ...outbox,
    async markDelivered(id, owner, attempt) {
      await outbox.markDelivered(id, owner, attempt);
      options.countNotification(channelOf(id), 'sent');
      options.onAttempt?.();
    },
    async markFailed(id, owner, attempt, next) {
      await outbox.markFailed(id, owner, attempt, next);
      options.countNotification(channelOf(id), 'dead' in next ? 'dead_lettered' : 'failed');
      options.onAttempt?.();
    },
  };
}

/** An outbox row's id is `${key}/${channel}`; keys never hold a slash after the incident id's `#`. */
function channelOf(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}
