import { applyRounds } from './apply-rounds.js';
import { bufferDeploy, bufferHostEvents, explainIncidents, forgetOldChanges } from './attach-changes.js';
import type { EngineInput } from './engine-input.js';
import type { EngineSettings } from './engine-settings.js';
import type { EngineState } from './engine-state.js';
import { type FailingIndex, indexFailing } from './failing-index.js';
import type { IncidentNotification, IncidentRecord, Transition } from './incident.js';
import { applyMaintenance, expireWindows, reconcileHeld, settleFlapping } from './settle.js';
import type { StepContext } from './step-context.js';

export interface StepResult {
  state: EngineState;
  /** in the order they happened; (incidentId, number) is unique */
  transitions: Transition[];
  /** each to be written to the outbox in the same transaction as its transition */
  notifications: IncidentNotification[];
}

/** Targets that have been passing and unseen this long are forgotten, so the state stays bounded. */
const FORGET_AFTER_MS = 24 * 3_600_000;

/**
 * The incident engine: one input in, the next state and what it caused out. Pure: no I/O and no clock
 * (time is the input's `at`, or the previous input's if that was later); the given state is not modified.
 * Inputs must come in the order the store recorded them.
 * @example const { state, notifications } = step(createEngineState(), batch, buildEngineSettings(config));
 */
export function step(state: EngineState, input: EngineInput, settings: EngineSettings): StepResult {
  return advance(copyForStep(state), input, settings);
}

/**
 * step() for the one holder of a state (the daemon's runner): `state` is taken over and changed in place
 * instead of copied, which at 10,000 targets saves a few milliseconds a batch (npm run bench:incidents).
 * `touched` lists the targets whose track changed or was forgotten, so a store writes only those.
 * The caller must not use `state` again unless it keeps the returned one, which is the same object.
 */
export function advance(
  state: EngineState,
  input: EngineInput,
  settings: EngineSettings,
  failing?: FailingIndex,
): AdvanceResult {
  // The engine's time never goes back: an input stored late (a location's queue written after the others'
  // newer batches) is taken in at the time the engine learns of it, and judged as late (late-batch.ts).
  const previousAt = state.at;
  const at = previousAt !== null && Date.parse(previousAt) > Date.parse(input.at) ? previousAt : input.at;
  const ctx: StepContext = {
    state,
    settings,
    at,
    atMs: Date.parse(at),
    transitions: [],
    notifications: [],
    touched: new Set(),
    failing: failing?.of === state.targets ? failing : indexFailing(state.targets),
    closed: [],
  };
  ctx.state.at = at;
  expireWindows(ctx);
  switch (input.type) {
    case 'rounds':
      applyRounds(ctx, input);
      break;
    case 'maintenance':
      applyMaintenance(ctx, input);
      break;
    case 'host_events':
      bufferHostEvents(ctx, input);
      break;
    case 'deploy':
      // A deploy opens nothing by itself, even with a failed gate: it is a change beside what the probes see.
      bufferDeploy(ctx, input);
      break;
  }
  settleFlapping(ctx);
  reconcileHeld(ctx);
  explainIncidents(ctx, input.type === 'host_events' || input.type === 'deploy');
  // Forgetting looks at every target; once a minute is as good as every batch for a day-long limit.
  if (previousAt === null || minuteOf(previousAt) !== Math.floor(ctx.atMs / 60_000)) forgetIdleTargets(ctx);
  forgetOldChanges(ctx);
  return {
    state: ctx.state,
    transitions: ctx.transitions,
    notifications: ctx.notifications,
    touched: [...ctx.touched],
    failing: ctx.failing,
    closed: ctx.closed,
  };
}

export interface AdvanceResult extends StepResult {
  /** target ids whose track was replaced or removed by this step */
  touched: string[];
  /** pass it to the next advance() of the same state: it saves looking at every track again */
  failing: FailingIndex;
  /** incidents this step ended and took out of the state, as they were at their end */
  closed: IncidentRecord[];
}

function minuteOf(iso: string): number {
  return Math.floor(Date.parse(iso) / 60_000);
}

/**
 * step()'s working copy. Tracks are copied on write (judgeRound returns a new track and never changes the
 * one it was given), so only the record of them is copied. Everything else is changed in place by the
 * lifecycle functions and is small, so it is copied deeply.
 */
function copyForStep(state: EngineState): EngineState {
  const { targets, ...rest } = state;
  return { ...structuredClone(rest), targets: { ...targets } };
}

function forgetIdleTargets(ctx: StepContext): void {
  const members = new Set(Object.values(ctx.state.incidents).flatMap((incident) => incident.affected));
  for (const [id, track] of Object.entries(ctx.state.targets)) {
    if (track.state === 'up' && !members.has(id) && ctx.atMs - Date.parse(track.at) > FORGET_AFTER_MS) {
      delete ctx.state.targets[id];
      delete ctx.state.views[id];
      ctx.touched.add(id);
      ctx.failing.ids.delete(id);
    }
  }
  for (const [key, times] of Object.entries(ctx.state.cycles)) {
    const recent = times.filter((time) => ctx.atMs - Date.parse(time) < ctx.settings.flapping.windowMs);
    if (recent.length === 0) delete ctx.state.cycles[key];
    else ctx.state.cycles[key] = recent;
  }
}
