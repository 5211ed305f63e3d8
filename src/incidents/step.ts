import { applyRounds } from './apply-rounds.js';
import { bufferDeploy, bufferHostEvents, explainIncidents, forgetOldChanges } from './attach-changes.js';
import type { EngineInput } from './engine-input.js';
import type { EngineSettings } from './engine-settings.js';
import type { EngineState } from './engine-state.js';
import type { IncidentNotification, Transition } from './incident.js';
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
 * (time is the input's `at`); the given state is not modified. Inputs must come in the order the store
 * recorded them.
 * @example const { state, notifications } = step(createEngineState(), batch, buildEngineSettings(config));
 */
export function step(state: EngineState, input: EngineInput, settings: EngineSettings): StepResult {
  const ctx: StepContext = {
    state: structuredClone(state),
    settings,
    at: input.at,
    atMs: Date.parse(input.at),
    transitions: [],
    notifications: [],
  };
  ctx.state.at = input.at;
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
  forgetIdleTargets(ctx);
  forgetOldChanges(ctx);
  return { state: ctx.state, transitions: ctx.transitions, notifications: ctx.notifications };
}

function forgetIdleTargets(ctx: StepContext): void {
  const members = new Set(Object.values(ctx.state.incidents).flatMap((incident) => incident.affected));
  for (const [id, track] of Object.entries(ctx.state.targets)) {
    if (track.state === 'up' && !members.has(id) && ctx.atMs - Date.parse(track.at) > FORGET_AFTER_MS) {
      delete ctx.state.targets[id];
    }
  }
  for (const [key, times] of Object.entries(ctx.state.cycles)) {
    const recent = times.filter((time) => ctx.atMs - Date.parse(time) < ctx.settings.flapping.windowMs);
    if (recent.length === 0) delete ctx.state.cycles[key];
    else ctx.state.cycles[key] = recent;
  }
}
