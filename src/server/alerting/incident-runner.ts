import { FrontdoorError } from '../../errors.js';
import type { MaintenanceChange } from '../../incidents/engine-input.js';
import type { EngineSettings } from '../../incidents/engine-settings.js';
import { createEngineState, type EngineState } from '../../incidents/engine-state.js';
import type { FailingIndex } from '../../incidents/failing-index.js';
import { advance } from '../../incidents/step.js';
import type { Logger } from '../../log/logger.js';
import { loadEngineState } from '../../store/load-engine-state.js';
import type { StoredBatch } from '../../store/read-batches.js';
import {
  groupChanges,
  positionAt,
  readEngineInputs,
  type StoredInput,
} from '../../store/read-engine-inputs.js';
import { readEventsAfter } from '../../store/read-events.js';
import { engineWindow, readOpenWindows } from '../../store/read-maintenance.js';
import {
  clearEngineState,
  type EngineFence,
  type MaintenanceRecord,
  recordEngineStep,
} from '../../store/record-engine-step.js';
import type { Store } from '../../store/store.js';
import { createSerialQueue } from '../../store/store.js';

/** A rebuild replays this much stored history: enough for thresholds, request windows and flapping. */
export const REBUILD_LOOKBACK_MS = 3_600_000;
/** Changes read per page when the API stored some. */
const CHANGES_PER_CALL = 500;
/** Of a rebuild's replay, only notifications this close to the newest stored input are sent; older is history. */
export const REBUILD_SEND_MS = 10 * 60_000;

export interface IncidentRunnerOptions {
  store: Store;
  /** asked at every step, so a reload applies to the next input */
  settings: () => EngineSettings;
  now: () => number;
  logger: Logger;
  /** after every recorded step: metrics, and waking the sender when it wrote notifications */
  onStep?: (state: EngineState, step: { notifications: number; transitions: number }) => void;
  rebuildLookbackMs?: number;
  /** run first inside every write's transaction: the engine lease's fence (none on a store one node owns) */
  fence?: EngineFence;
  /**
   * Other nodes store batches too (PostgreSQL): a committed batch is a signal to take in everything stored
   * after the last input, in the store's order, rather than the one batch in hand.
   */
  followStore?: boolean;
}

export interface IncidentRunner {
  /**
   * Loads the engine's state from the store (or rebuilds it by replaying stored history when there is no
   * snapshot or it was written by another version) and takes in whatever was stored after it was saved.
   */
  start(): Promise<{ loaded: 'snapshot' | 'rebuilt'; caughtUp: number }>;
  /**
   * This node lost the engine lease: inputs are ignored until the next start, which reads the state back
   * (the next holder may have moved it on).
   */
  suspend(): Promise<void>;
  /** whether it runs (started and not suspended) */
  running(): boolean;
  /** takes in whatever was stored after the last input (another node's batches): a no-op unless running */
  catchUp(): Promise<number>;
  /** a committed batch, from the store writer's onStored hook; batches already taken in are skipped */
  consumeBatch(stored: StoredBatch): Promise<void>;
  /** a window starts or ends: recorded on the timeline and judged in one transaction; throws if not stored */
  applyMaintenance(change: MaintenanceChange, by: string): Promise<void>;
  /**
   * Host events or a deploy mark were stored (events table): the engine takes in every change after the
   * last one it has, in order, so one lost to a crash is taken in at the next call or start.
   */
  changesStored(): Promise<void>;
  state(): EngineState;
}

/**
 * Runs the incident engine inside `serve`: one input at a time, in the order the store recorded them, each
 * step written with its transitions, outbox rows and the new state in one transaction
 * (recordEngineStep). The state is advanced in place (no copy of 10,000 tracks per batch); when a write
 * fails, the in-memory state is ahead of the store, so it is thrown away and read back (with the inputs
 * after it) before the next input.
 */
export function createIncidentRunner(options: IncidentRunnerOptions): IncidentRunner {
  const { store, logger } = options;
  const serial = createSerialQueue();
  let state = createEngineState();
  let failing: FailingIndex | undefined;
  let lastBatchId = 0;
  let lastEventId = 0;
  let lastChangeId = 0;
  let stale = true;
  let running = false;

  /**
   * One input through the engine and into the store. `record` is a new maintenance change, written with
   * its timeline event; a stored one (a catch-up) is already on the timeline.
   */
  const apply = async (stored: StoredInput, send: boolean, record?: MaintenanceRecord): Promise<void> => {
    const step = advance(state, stored.input, options.settings(), failing);
    state = step.state;
    failing = step.failing;
    const batchId = stored.kind === 'batch' ? stored.id : lastBatchId;
    const eventId = stored.kind === 'maintenance' && record === undefined ? stored.id : lastEventId;
    const changeId = stored.kind === 'changes' ? stored.id : lastChangeId;
    try {
      lastEventId = await recordEngineStep(
        store,
        {
          state,
          transitions: step.transitions,
          notifications: step.notifications,
          touched: step.touched,
          closed: step.closed,
          nowMs: options.now(),
          send,
          lastBatchId: batchId,
          lastEventId: eventId,
          lastChangeId: changeId,
          ...(record === undefined ? {} : { maintenance: record }),
        },
        options.fence,
      );
      lastBatchId = batchId;
      lastChangeId = changeId;
    } catch (error) {
      stale = true;
      throw error;
    }
    options.onStep?.(state, {
      notifications: send ? step.notifications.length : 0,
      transitions: step.transitions.length,
    });
  };

  const catchUp = async (sendFromMs: number): Promise<number> => {
    let applied = 0;
    for (;;) {
      const page = await readEngineInputs(store, {
        batchId: lastBatchId,
        eventId: lastEventId,
        changeId: lastChangeId,
      });
      for (const stored of page.inputs) {
        await apply(stored, Date.parse(stored.input.at) >= sendFromMs);
        applied += 1;
      }
      if (!page.more) return applied;
    }
  };

  const rebuild = async (): Promise<number> => {
    const newest = await store.exclusive((db) =>
      db
        .selectFrom('batches')
        .select((eb) => eb.fn.max('at_ms').as('at'))
        .executeTakeFirst(),
    );
    const newestMs = newest?.at === null || newest?.at === undefined ? options.now() : Number(newest.at);
    const sinceMs = newestMs - (options.rebuildLookbackMs ?? REBUILD_LOOKBACK_MS);
    const position = await positionAt(store, sinceMs);
    await clearEngineState(store, options.fence);
    state = createEngineState();
    failing = undefined;
    lastBatchId = position.batchId;
    lastEventId = position.eventId;
    lastChangeId = position.changeId;
    // Windows still open that began before the replayed hour: the engine must know them from its start.
    for (const window of await readOpenWindows(store)) {
      if (Date.parse(window.startsAt) >= sinceMs) continue;
      const at = new Date(sinceMs).toISOString();
      state = advance(
        state,
        { type: 'maintenance', at, action: 'start', window: engineWindow(window) },
        options.settings(),
      ).state;
    }
    const applied = await catchUp(newestMs - REBUILD_SEND_MS);
    // Nothing to replay: still save the (empty) state, so the next start loads it instead of rebuilding.
    if (applied === 0) {
      await recordEngineStep(
        store,
        {
          state,
          transitions: [],
          notifications: [],
          touched: Object.keys(state.targets),
          closed: [],
          nowMs: options.now(),
          send: false,
          lastBatchId,
          lastEventId,
          lastChangeId,
        },
        options.fence,
      );
    }
    return applied;
  };

  const reload = async (): Promise<{ loaded: 'snapshot' | 'rebuilt'; caughtUp: number }> => {
    try {
      return await readBack();
    } catch (error) {
      stale = true;
      throw error;
    }
  };

  const readBack = async (): Promise<{ loaded: 'snapshot' | 'rebuilt'; caughtUp: number }> => {
    const loaded = await loadEngineState(store);
    failing = undefined;
    if (loaded.kind === 'snapshot') {
      state = loaded.state;
      lastBatchId = loaded.lastBatchId;
      lastEventId = loaded.lastEventId;
      lastChangeId = loaded.lastChangeId;
      stale = false;
      return { loaded: 'snapshot', caughtUp: await catchUp(Number.NEGATIVE_INFINITY) };
    }
    logger.info(
      { reason: loaded.kind === 'missing' ? 'no snapshot' : `snapshot of version ${loaded.version}` },
      'incidents: rebuilding the engine state from stored history',
    );
    stale = false;
    return { loaded: 'rebuilt', caughtUp: await rebuild() };
  };

  const ensureFresh = async () => {
    if (!stale) return;
    const outcome = await reload();
    logger.info(outcome, 'incidents: engine state read back from the store');
  };

  const notRunning = () =>
    new FrontdoorError(
      'FD_ERR_LEASE_LOST',
      'incidents: this node does not run the incident engine now (another node holds the engine lease); ask the holder',
    );

  return {
    start: () =>
      serial(() => {
        running = true;
        stale = true;
        return reload();
      }),
    suspend: () =>
      serial(async () => {
        running = false;
        stale = true;
      }),
    running: () => running,
    catchUp: () =>
      serial(async () => {
        if (!running) return 0;
        await ensureFresh();
        return catchUp(Number.NEGATIVE_INFINITY);
      }),
    consumeBatch: (stored) =>
      serial(async () => {
        if (!running) return;
        await ensureFresh();
        if (stored.id <= lastBatchId) return;
        if (options.followStore === true) await catchUp(Number.NEGATIVE_INFINITY);
        else await apply({ kind: 'batch', id: stored.id, input: stored.batch }, true);
      }),
    applyMaintenance: (change, by) =>
      serial(async () => {
        if (!running) throw notRunning();
        await ensureFresh();
        await apply({ kind: 'maintenance', id: lastEventId, input: change, by }, true, { change, by });
      }),
    changesStored: () =>
      serial(async () => {
        if (!running) return;
        await ensureFresh();
        for (;;) {
          const entries = await readEventsAfter(store, lastChangeId, CHANGES_PER_CALL);
          for (const input of groupChanges(entries)) await apply(input, true);
          if (entries.length < CHANGES_PER_CALL) return;
        }
      }),
    state: () => state,
  };
}
