import type { Target } from '../config/target.js';
import type { RoundBatch } from '../incidents/round.js';
import type { Logger } from '../log/logger.js';
import type { StoredBatch } from './read-batches.js';
import type { Store } from './store.js';
import { writeBatches } from './write-batches.js';

/** Batches per transaction: enough to catch up after an outage quickly, few enough to keep one write short. */
const BATCHES_PER_WRITE = 50;
/** A batch waiting longer than this means the store is too slow (or locked), even without an error. */
export const SLOW_STORE_MS = 5_000;

export type Schedule = (ms: number, run: () => void) => () => void;

const realSchedule: Schedule = (ms, run) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export interface StoreWriterOptions {
  store: Store;
  logger: Logger;
  /** milliseconds since the epoch */
  now: () => number;
  /**
   * Rounds held in memory while the store cannot take them. Past it the oldest batches are dropped (and
   * counted, and logged): memory stays bounded and the newest history, which alerts depend on, survives.
   */
  maxQueuedRounds: number;
  /** first retry after a failed write; doubles up to maxRetryMs */
  retryMs?: number;
  maxRetryMs?: number;
  schedule?: Schedule;
}

export interface StoreWriterStatus {
  /** the last write failed, or a batch has waited longer than SLOW_STORE_MS */
  degraded: boolean;
  /** why, in one line, while degraded */
  reason: string | undefined;
  queuedBatches: number;
  queuedRounds: number;
  /** rounds dropped since start because the queue was full */
  droppedRounds: number;
  writtenBatches: number;
  writtenRounds: number;
  /** when the last write committed (ms since the epoch) */
  lastWriteAtMs: number | undefined;
}

export type StoredListener = (stored: StoredBatch) => void | Promise<void>;

export interface StoreWriter {
  /** queues a batch for the store; never throws, never waits */
  enqueue(batch: RoundBatch): void;
  /** records the configured targets with the next write */
  setTargets(targets: readonly Target[], atMs: number): void;
  /**
   * Calls `listener` with every batch once it is committed, in commit order, one call at a time: the hook
   * the incident engine consumes (`writer.onStored((stored) => engine.consume(stored.batch))`).
   * Returns the remover.
   */
  onStored(listener: StoredListener): () => void;
  status(): StoreWriterStatus;
  /**
   * Writes what is queued, retrying a locked store until `deadlineMs` (ms since the epoch); resolves true
   * when everything is committed and every listener has been called.
   */
  flush(deadlineMs: number): Promise<boolean>;
}

interface Queued {
  batch: RoundBatch;
  queuedAtMs: number;
}

/**
 * The store's one writer: batches queue in memory and are written in order, several per transaction, as
 * soon as the previous write is done. A failed write (a lock held by another connection, a full disk)
 * keeps its batches at the head of the queue and is retried with backoff; the probes never wait for it.
 */
export function createStoreWriter(options: StoreWriterOptions): StoreWriter {
  const schedule = options.schedule ?? realSchedule;
  const firstRetryMs = options.retryMs ?? 200;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  const queue: Queued[] = [];
  const listeners = new Set<StoredListener>();
  let queuedRounds = 0;
  let pendingTargets: { list: readonly Target[]; atMs: number } | undefined;
  let writing: Promise<void> | undefined;
  /** how many batches at the head of the queue the current write holds */
  let inFlight = 0;
  let cancelRetry: (() => void) | undefined;
  let retryMs = firstRetryMs;
  let lastError: string | undefined;
  let notified: Promise<void> = Promise.resolve();
  const counts = { dropped: 0, droppedSinceLog: 0, batches: 0, rounds: 0 };
  let lastWriteAtMs: number | undefined;

  const kick = () => {
    if (writing !== undefined || cancelRetry !== undefined) return;
    if (queue.length === 0 && pendingTargets === undefined) return;
    writing = drain().finally(() => {
      writing = undefined;
    });
  };

  const drain = async (): Promise<void> => {
    while (queue.length > 0 || pendingTargets !== undefined) {
      // Batches being written stay at the head of the queue, out of dropOldest's reach, until committed.
      const taken = queue.slice(0, BATCHES_PER_WRITE);
      inFlight = taken.length;
      const targets = pendingTargets;
      pendingTargets = undefined;
      let ids: number[];
      try {
        ids = await writeBatches(options.store, { batches: taken.map((entry) => entry.batch), targets });
      } catch (error) {
        inFlight = 0;
        pendingTargets ??= targets;
        fail(error);
        return;
      }
      queue.splice(0, taken.length);
      inFlight = 0;
      const rounds = taken.reduce((sum, entry) => sum + entry.batch.rounds.length, 0);
      queuedRounds -= rounds;
      counts.batches += taken.length;
      counts.rounds += rounds;
      lastWriteAtMs = options.now();
      recover();
      taken.forEach((entry, index) => {
        notify({ id: ids[index] ?? 0, batch: entry.batch });
      });
    }
  };

  const fail = (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    const reason = `${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`;
    if (lastError === undefined) {
      options.logger.warn(
        { store: options.store.description, reason, queuedRounds },
        'store: write failed; results wait in memory and the write is retried',
      );
    }
    lastError = reason;
    cancelRetry = schedule(retryMs, () => {
      cancelRetry = undefined;
      kick();
    });
    retryMs = Math.min(maxRetryMs, retryMs * 2);
  };

  const recover = () => {
    if (lastError !== undefined) {
      options.logger.info(
        { store: options.store.description, queuedRounds, droppedRounds: counts.droppedSinceLog },
        'store: writing again',
      );
    }
    counts.droppedSinceLog = 0;
    lastError = undefined;
    retryMs = firstRetryMs;
  };

  const notify = (stored: StoredBatch) => {
    for (const listener of listeners) {
      notified = notified
        .then(() => listener(stored))
        .catch((error: unknown) => {
          options.logger.error(
            { batch: stored.id, reason: error instanceof Error ? error.message : String(error) },
            'store: a batch listener failed',
          );
        });
    }
  };

  const dropOldest = () => {
    while (queuedRounds > options.maxQueuedRounds && queue.length > inFlight + 1) {
      const [dropped] = queue.splice(inFlight, 1);
      if (dropped === undefined) break;
      queuedRounds -= dropped.batch.rounds.length;
      counts.dropped += dropped.batch.rounds.length;
      if (counts.droppedSinceLog === 0) {
        options.logger.warn(
          { maxQueuedRounds: options.maxQueuedRounds, oldestDropped: dropped.batch.at },
          'store: queue full; dropping the oldest rounds (counted in droppedRounds)',
        );
      }
      counts.droppedSinceLog += dropped.batch.rounds.length;
    }
  };

  return {
    enqueue(batch) {
      queue.push({ batch, queuedAtMs: options.now() });
      queuedRounds += batch.rounds.length;
      dropOldest();
      kick();
    },
    setTargets(list, atMs) {
      pendingTargets = { list, atMs };
      kick();
    },
    onStored(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    status() {
      const oldest = queue[0];
      const waitedMs = oldest === undefined ? 0 : options.now() - oldest.queuedAtMs;
      const slow =
        waitedMs > SLOW_STORE_MS ? `a batch has waited ${Math.round(waitedMs / 1000)} s` : undefined;
      const reason = lastError ?? slow;
      return {
        degraded: reason !== undefined,
        reason,
        queuedBatches: queue.length,
        queuedRounds,
        droppedRounds: counts.dropped,
        writtenBatches: counts.batches,
        writtenRounds: counts.rounds,
        lastWriteAtMs,
      };
    },
    async flush(deadlineMs) {
      for (;;) {
        cancelRetry?.();
        cancelRetry = undefined;
        kick();
        await writing;
        if (queue.length === 0 && pendingTargets === undefined) break;
        if (options.now() >= deadlineMs) return false;
        await new Promise<void>((resolve) => schedule(Math.min(retryMs, 100), resolve));
      }
      await notified;
      return true;
    },
  };
}
