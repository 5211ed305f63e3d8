import type { ProbeReason } from '../incidents/round.js';
import { MinHeap } from './min-heap.js';
import { nextSlot, spreadOffset } from './spread-offset.js';
import type { WatchClock } from './watch-clock.js';

/** What the scheduler needs to know of a target. */
export interface SchedulableTarget {
  id: string;
  intervalMs: number;
  /** the origin it is pinned to, capped by `originConcurrency`; undefined: only the global cap applies */
  origin: string | undefined;
}

/** A round about to start: its target, why, when it was due and how late it starts. */
export interface RoundStart<T extends SchedulableTarget> {
  target: T;
  reason: ProbeReason;
  dueMs: number;
  lagMs: number;
}

export interface RoundSchedulerOptions<T extends SchedulableTarget> {
  clock: WatchClock;
  /** rounds in flight at once */
  concurrency: number;
  /** rounds in flight at once against one origin */
  originConcurrency: number;
  /**
   * How early a round may start to share a wake-up with the one due first: at most this much, and never
   * more than a hundredth of the shortest interval. 0 (the default) wakes for every slot.
   */
  slackMs?: number;
  /** runs one round; the scheduler counts it in flight until the promise settles (it must not reject) */
  run(start: RoundStart<T>): Promise<void>;
  /**
   * A slot passed while the target's previous round was still running and another was already waiting
   * behind it: that round is skipped and counted here, never dropped in silence.
   */
  onMissed?(target: T, count: number): void;
}

export interface SchedulerStats {
  targets: number;
  inFlight: number;
  /** rounds due and waiting for a free slot (caps) or for their target's previous round */
  waiting: number;
  /** how long the longest-waiting due round has waited (0 when none waits) */
  waitingLagMs: number;
  missedRounds: number;
}

export interface RoundScheduler<T extends SchedulableTarget> {
  /** replaces the target set: new ones get their slot, removed ones stop, changed ones apply next round */
  setTargets(targets: readonly T[]): void;
  /** starts a round of `target` as soon as the caps allow, ahead of scheduled rounds (confirmation, sweep) */
  runNow(targetId: string, reason: Exclude<ProbeReason, 'scheduled'>): boolean;
  /** changes the caps; rounds in flight finish, new ones start under the new caps */
  setCaps(caps: { concurrency: number; originConcurrency: number }): void;
  start(): void;
  /** stops starting rounds; resolves when every round in flight has finished */
  stop(): Promise<void>;
  stats(): SchedulerStats;
}

interface Slot {
  id: string;
  dueMs: number;
  generation: number;
}

interface Waiting<T extends SchedulableTarget> {
  target: T;
  reason: ProbeReason;
  dueMs: number;
}

interface TargetState<T extends SchedulableTarget> {
  target: T;
  generation: number;
  offsetMs: number;
  running: boolean;
  /** a round due while the previous one still runs; starts when it ends */
  deferred: Waiting<T> | undefined;
  /** a runNow round asked for while a round runs (a confirmation asked by that very round) */
  urgent: Waiting<T> | undefined;
  /** queued in a ready lane and not yet started */
  queued: boolean;
}

/** Targets without an origin share this lane, which only the global cap limits. */
const EDGE_LANE = '\u0000edge';

/**
 * Runs every target's rounds start to start on its slot (spreadOffset), under a global and a per-origin
 * cap. A round that cannot start on time waits and its lateness is reported as lag when it starts; a
 * slot that passes while the previous round of the same target is still running waits behind it (one at
 * most), and further slots are counted as missed. One timer serves all targets: the earliest slot.
 */
export function createRoundScheduler<T extends SchedulableTarget>(
  options: RoundSchedulerOptions<T>,
): RoundScheduler<T> {
  const { clock } = options;
  const states = new Map<string, TargetState<T>>();
  const slots = new MinHeap<Slot>((slot) => slot.dueMs);
  /** per origin (or EDGE_LANE), rounds ready to start in order */
  const lanes = new Map<string, Array<Waiting<T>>>();
  const laneInFlight = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  let generation = 0;
  let running = false;
  let cancelTimer: (() => void) | undefined;
  let timerAtMs = Number.POSITIVE_INFINITY;
  let missed = 0;
  let slackMs = 0;

  const laneOf = (target: T) => target.origin ?? EDGE_LANE;
  const caps = { concurrency: options.concurrency, originConcurrency: options.originConcurrency };
  const capOf = (lane: string) => (lane === EDGE_LANE ? Number.POSITIVE_INFINITY : caps.originConcurrency);

  const armTimer = () => {
    const next = slots.peek();
    if (!running || next === undefined) return;
    if (cancelTimer !== undefined && timerAtMs <= next.dueMs) return;
    cancelTimer?.();
    timerAtMs = next.dueMs;
    cancelTimer = clock.setTimer(next.dueMs - clock.now(), () => {
      cancelTimer = undefined;
      timerAtMs = Number.POSITIVE_INFINITY;
      releaseDue();
    });
  };

  const enqueue = (waiting: Waiting<T>, first: boolean) => {
    const state = states.get(waiting.target.id);
    if (state === undefined) return;
    state.queued = true;
    const lane = laneOf(waiting.target);
    const queue = lanes.get(lane) ?? [];
    if (first) queue.unshift(waiting);
    else queue.push(waiting);
    lanes.set(lane, queue);
  };

  // At 10,000 targets every 30 s a slot falls due every 3 ms: waking for each one costs a timer, an epoll
  // round and a context switch per probe. Rounds due within the slack start with the first one instead, a
  // few milliseconds early, which keeps start to start and the even spread at any interval that matters.
  const releaseDue = () => {
    const now = clock.now();
    const horizon = now + slackMs;
    for (let slot = slots.peek(); slot !== undefined && slot.dueMs <= horizon; slot = slots.peek()) {
      slots.pop();
      const state = states.get(slot.id);
      if (state === undefined || state.generation !== slot.generation) continue;
      const { target } = state;
      // Start to start: the next slot follows this one whatever this round takes; slots the clock jumped
      // over (a suspended machine, a stalled loop) are counted as missed, not replayed.
      const next = nextSlot(Math.max(slot.dueMs + 1, now), target.intervalMs, state.offsetMs);
      const skipped = Math.floor((next - slot.dueMs) / target.intervalMs) - 1;
      slots.push({ id: slot.id, dueMs: next, generation: state.generation });
      countMissed(target, skipped);
      const waiting: Waiting<T> = { target, reason: 'scheduled', dueMs: slot.dueMs };
      if (state.running || state.queued) {
        if (state.deferred !== undefined) countMissed(target, 1);
        else state.deferred = waiting;
      } else {
        enqueue(waiting, false);
      }
    }
    dispatch();
    armTimer();
  };

  const countMissed = (target: T, count: number) => {
    if (count <= 0) return;
    missed += count;
    options.onMissed?.(target, count);
  };

  const dispatch = () => {
    while (running && inFlight.size < caps.concurrency) {
      let chosen: string | undefined;
      let chosenDue = Number.POSITIVE_INFINITY;
      // forEach, not for-of over entries: this runs after every round, and each entry would be an array.
      lanes.forEach((queue, lane) => {
        const head = queue[0];
        if (head === undefined || (laneInFlight.get(lane) ?? 0) >= capOf(lane)) return;
        // Confirmations were put first in their lane; between lanes the longest-waiting round goes first.
        const due = head.reason === 'scheduled' ? head.dueMs : Number.NEGATIVE_INFINITY;
        if (due < chosenDue) {
          chosen = lane;
          chosenDue = due;
        }
      });
      if (chosen === undefined) return;
      const waiting = (lanes.get(chosen) as Array<Waiting<T>>).shift() as Waiting<T>;
      begin(waiting, chosen);
    }
  };

  const begin = (waiting: Waiting<T>, lane: string) => {
    const state = states.get(waiting.target.id);
    if (state === undefined) return;
    // Never two rounds of one target at once: a second entry (a slot queued before a confirmation) waits.
    if (state.running) {
      if (state.deferred === undefined) state.deferred = waiting;
      else countMissed(state.target, 1);
      return;
    }
    state.queued = false;
    state.running = true;
    laneInFlight.set(lane, (laneInFlight.get(lane) ?? 0) + 1);
    const lagMs = Math.max(0, clock.now() - waiting.dueMs);
    const round = options
      .run({ target: state.target, reason: waiting.reason, dueMs: waiting.dueMs, lagMs })
      .catch(() => undefined)
      .finally(() => {
        inFlight.delete(round);
        laneInFlight.set(lane, (laneInFlight.get(lane) ?? 1) - 1);
        state.running = false;
        const { deferred, urgent } = state;
        state.deferred = undefined;
        state.urgent = undefined;
        if (states.get(state.target.id) === state) {
          if (urgent !== undefined) {
            enqueue(urgent, true);
            // The slot that came meanwhile waits for the urgent round, as it would behind a scheduled one.
            state.deferred = deferred;
          } else if (deferred !== undefined) {
            enqueue(deferred, false);
          }
        }
        dispatch();
      });
    inFlight.add(round);
  };

  return {
    setTargets(targets) {
      generation += 1;
      let shortest = Number.POSITIVE_INFINITY;
      for (const target of targets) shortest = Math.min(shortest, target.intervalMs);
      slackMs = Math.min(options.slackMs ?? 0, shortest / 100);
      const keep = new Set(targets.map((target) => target.id));
      for (const [id, state] of states) {
        if (keep.has(id)) continue;
        states.delete(id);
        state.deferred = undefined;
        state.urgent = undefined;
      }
      for (const [lane, queue] of lanes) {
        lanes.set(
          lane,
          queue.filter((waiting) => keep.has(waiting.target.id)),
        );
      }
      const now = clock.now();
      for (const target of targets) {
        const existing = states.get(target.id);
        const offsetMs = spreadOffset(target.id, target.intervalMs);
        if (existing !== undefined && existing.target.intervalMs === target.intervalMs) {
          existing.target = target;
          continue;
        }
        const state: TargetState<T> = existing ?? {
          target,
          generation,
          offsetMs,
          running: false,
          deferred: undefined,
          urgent: undefined,
          queued: false,
        };
        state.target = target;
        state.offsetMs = offsetMs;
        state.generation = generation;
        states.set(target.id, state);
        slots.push({ id: target.id, dueMs: nextSlot(now, target.intervalMs, offsetMs), generation });
      }
      if (running) releaseDue();
    },
    runNow(targetId, reason) {
      const state = states.get(targetId);
      if (state === undefined || !running) return false;
      const waiting: Waiting<T> = { target: state.target, reason, dueMs: clock.now() };
      if (state.running) state.urgent = waiting;
      else enqueue(waiting, true);
      dispatch();
      return true;
    },
    setCaps(next) {
      caps.concurrency = next.concurrency;
      caps.originConcurrency = next.originConcurrency;
      dispatch();
    },
    start() {
      running = true;
      releaseDue();
    },
    async stop() {
      running = false;
      cancelTimer?.();
      cancelTimer = undefined;
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    stats() {
      let waiting = 0;
      let oldestDue = Number.POSITIVE_INFINITY;
      for (const queue of lanes.values()) {
        waiting += queue.length;
        for (const entry of queue) if (entry.dueMs < oldestDue) oldestDue = entry.dueMs;
      }
      for (const state of states.values()) {
        if (state.deferred === undefined) continue;
        waiting += 1;
        if (state.deferred.dueMs < oldestDue) oldestDue = state.deferred.dueMs;
      }
      return {
        targets: states.size,
        inFlight: inFlight.size,
        waiting,
        waitingLagMs: waiting === 0 ? 0 : Math.max(0, clock.now() - oldestDue),
        missedRounds: missed,
      };
    },
  };
}
