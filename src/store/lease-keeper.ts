import type { Kysely } from 'kysely';
import type { Logger } from '../log/logger.js';
import type { Store } from './store.js';
import { assertLeaseHeld, claimLease, releaseLease } from './store-lease.js';
import type { StoreTables } from './store-tables.js';
import type { Schedule } from './store-writer.js';

/** Where the engine lease stands on this node. */
export interface LeaseStatus {
  name: string;
  /** this node's name in the lease */
  owner: string;
  held: boolean;
  /** the holder as last seen (this node, another, or nobody) */
  holder: string | null;
  epoch: number;
  /** changes of holder this node went through (acquired or lost) since start */
  changes: number;
}

export type LeaseListener = (held: boolean, epoch: number) => void;

/**
 * One node's side of a lease: whether it holds it, telling listeners when that changes, and the fence its
 * writes pass. The engine lease decides which node runs the incident engine and the senders.
 */
export interface LeaseKeeper {
  start(): void;
  held(): boolean;
  status(): LeaseStatus;
  /** called with (true, epoch) on acquiring and (false, epoch) on losing; returns the remover */
  onChange(listener: LeaseListener): () => void;
  /** inside a write transaction: refuses (FD_ERR_LEASE_LOST) unless this node still holds the lease */
  fence(trx: Kysely<StoreTables>): Promise<void>;
  /** stops renewing and, if held, gives the lease up at once */
  stop(): Promise<void>;
}

export interface LeaseKeeperOptions {
  store: Store;
  name: string;
  owner: string;
  /** how long a grant lasts without renewal: a dead holder's lease is free this long after its last renewal */
  ttlMs: number;
  /** how often the holder renews and the others try: a few times per ttl */
  renewMs: number;
  logger: Logger;
  /** local milliseconds; only differences are used */
  now: () => number;
  schedule?: Schedule;
}

const realSchedule: Schedule = (ms, run) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * The lease timing for a watch interval: a dead holder is replaced within one interval. A grant lasts half
 * an interval and is renewed (or tried for) every sixth, so the take-over comes at most two thirds of an
 * interval after the holder's last renewal, and a holder misses two renewals in a row before it loses.
 */
export function leaseTiming(intervalMs: number): { ttlMs: number; renewMs: number } {
  return {
    ttlMs: Math.max(300, Math.round(intervalMs / 2)),
    renewMs: Math.max(50, Math.round(intervalMs / 6)),
  };
}

/**
 * Keeps a lease row (store-lease.ts): tries to take it every `renewMs` until it holds it, then renews it as
 * often. This node counts itself the holder only until `ttlMs` after it *sent* its last successful claim,
 * which is never later than the expiry the database wrote, so two nodes never both believe they hold it;
 * and whatever a node believes, its writes pass `fence`, which asks the database.
 */
export function createLeaseKeeper(options: LeaseKeeperOptions): LeaseKeeper {
  const schedule = options.schedule ?? realSchedule;
  const listeners = new Set<LeaseListener>();
  let holding = false;
  let epoch = 0;
  let holder: string | null = null;
  let changes = 0;
  let until = 0;
  let stopped = false;
  let cancelTick: (() => void) | undefined;
  let cancelExpiry: (() => void) | undefined;
  let lastError: string | undefined;
  let ticking: Promise<void> = Promise.resolve();

  const change = (now: boolean, why = 'lease: lost') => {
    if (holding === now) return;
    holding = now;
    changes += 1;
    options.logger.info(
      { lease: options.name, owner: options.owner, epoch },
      now ? 'lease: acquired; this node runs the incident engine and the senders' : why,
    );
    for (const listener of listeners) listener(now, epoch);
  };

  const expire = () => {
    cancelExpiry?.();
    cancelExpiry = schedule(Math.max(0, until - options.now()), () => {
      cancelExpiry = undefined;
      if (holding && options.now() >= until) change(false);
    });
  };

  const tick = async () => {
    cancelTick = undefined;
    if (stopped) return;
    const sentAt = options.now();
    try {
      const grant = await claimLease(options.store, options.name, options.owner, options.ttlMs);
      if (lastError !== undefined) {
        options.logger.info({ lease: options.name }, 'lease: the store answers again');
        lastError = undefined;
      }
      holder = grant.holder;
      if (grant.held) {
        until = sentAt + options.ttlMs;
        if (!holding) epoch = grant.epoch;
        else if (grant.epoch !== epoch) {
          // Renewed under a new epoch: someone held it in between. What this node did under the old one is
          // fenced off; start over under the new one.
          change(false);
          epoch = grant.epoch;
        }
        if (!stopped) change(true);
        expire();
      } else {
        epoch = holding ? epoch : grant.epoch;
        change(false);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (lastError === undefined) {
        options.logger.warn(
          { lease: options.name, reason },
          'lease: cannot reach the store; holding on until the lease runs out',
        );
      }
      lastError = reason;
      if (holding && options.now() >= until) change(false);
    }
    if (!stopped)
      cancelTick = schedule(options.renewMs, () => {
        ticking = tick();
      });
  };

  return {
    start() {
      if (cancelTick !== undefined || stopped) return;
      ticking = tick();
    },
    held: () => holding && options.now() < until,
    status: () => ({
      name: options.name,
      owner: options.owner,
      held: holding && options.now() < until,
      holder,
      epoch,
      changes,
    }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fence: (trx) =>
      assertLeaseHeld(trx, options.store.dialect, { name: options.name, holder: options.owner, epoch }),
    async stop() {
      stopped = true;
      cancelTick?.();
      cancelExpiry?.();
      await ticking;
      if (holding) {
        change(false, 'lease: released for another node to take at once');
        await releaseLease(options.store, options.name, options.owner).catch(() => undefined);
      }
    },
  };
}

/**
 * The lease of a store only one node can use (SQLite): held from start to stop, with nothing to fence.
 */
export function createSoleLease(name: string, owner: string): LeaseKeeper {
  const listeners = new Set<LeaseListener>();
  let holding = false;
  const set = (now: boolean) => {
    if (holding === now) return;
    holding = now;
    for (const listener of listeners) listener(now, 1);
  };
  return {
    start: () => set(true),
    held: () => holding,
    status: () => ({ name, owner, held: holding, holder: holding ? owner : null, epoch: 1, changes: 0 }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fence: async () => undefined,
    async stop() {
      set(false);
    },
  };
}
