import type { MaintenanceChange } from './engine-input.js';
import { resolveIncident } from './incident-lifecycle.js';
import {
  addTransition,
  announce,
  forgetIncident,
  maintenanceOf,
  policyOf,
  type StepContext,
} from './step-context.js';

/** If a sweep never reaches a target (it was removed), a held incident is settled this long after its window. */
const RELEASE_GRACE_MS = 5 * 60_000;

/** Starts or ends a window. Every window has an end: one past its `endsAt` ends even without an input. */
export function applyMaintenance(ctx: StepContext, change: MaintenanceChange): void {
  if (change.action === 'start' && Date.parse(change.window.endsAt) > ctx.atMs) {
    ctx.state.windows[change.window.id] = { ...change.window };
  } else {
    delete ctx.state.windows[change.window.id];
  }
}

export function expireWindows(ctx: StepContext): void {
  for (const [id, window] of Object.entries(ctx.state.windows)) {
    if (Date.parse(window.endsAt) <= ctx.atMs) delete ctx.state.windows[id];
  }
}

/**
 * A flapping incident ends when it has been stable for `flapping.stableMs`: resolved if no target failed
 * in that time, an ordinary outage if its targets stayed down throughout.
 */
export function settleFlapping(ctx: StepContext): void {
  for (const incident of Object.values(ctx.state.incidents)) {
    if (incident.status !== 'open' || !incident.flapping) continue;
    if (ctx.atMs - Date.parse(incident.lastChangeAt) < ctx.settings.flapping.stableMs) continue;
    const minutes = Math.round(ctx.settings.flapping.stableMs / 60_000);
    if (incident.members.length === 0) {
      resolveIncident(ctx, incident, `resolved: stable for ${minutes} minutes`);
    } else {
      incident.flapping = false;
      addTransition(
        ctx,
        incident,
        'stabilized',
        `no longer flapping: down without a break for ${minutes} minutes`,
      );
    }
  }
}

/**
 * When a window is over and the sweep has probed what it held, the channels hear the difference between
 * what they last heard and what is true now: an outage that began inside the window is sent at once, one
 * that ended inside it is resolved, and a state that did not change across the window sends nothing.
 */
export function reconcileHeld(ctx: StepContext): void {
  for (const incident of Object.values(ctx.state.incidents)) {
    if (!incident.held) continue;
    if (maintenanceOf(ctx, incident) !== undefined) {
      delete incident.releasedAt;
      continue;
    }
    incident.releasedAt ??= ctx.at;
    const releasedMs = Date.parse(incident.releasedAt);
    const probed = incident.members.length > 0 ? incident.members : incident.affected;
    const swept = probed.every((id) => Date.parse(ctx.state.targets[id]?.at ?? '') >= releasedMs);
    if (!swept && ctx.atMs - releasedMs < RELEASE_GRACE_MS) continue;
    incident.held = false;
    delete incident.releasedAt;
    const window = incident.heldBy ?? 'maintenance';
    delete incident.heldBy;
    const note = `held by maintenance window ${window}`;
    if (incident.status === 'open' && incident.announced !== 'open') {
      const kind = incident.flapping ? 'flapping' : 'opened';
      const transition = addTransition(
        ctx,
        incident,
        'released',
        `${window} is over and it is still failing: sent now`,
      );
      announce(ctx, incident, kind, transition, { maintenance: `began during ${note}` });
    } else if (
      incident.status === 'resolved' &&
      incident.announced === 'open' &&
      policyOf(ctx, incident).sendOnResolved
    ) {
      const transition = addTransition(
        ctx,
        incident,
        'released',
        `${window} is over and it passes again: resolved`,
      );
      announce(ctx, incident, 'resolved', transition, { maintenance: `resolved during ${note}` });
    } else {
      addTransition(
        ctx,
        incident,
        'released',
        `${window} is over; the state did not change across it, so nothing is sent`,
      );
    }
    if (incident.status === 'resolved') forgetIncident(ctx, incident);
  }
}
