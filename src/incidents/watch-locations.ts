import { locationCause } from './cause-of.js';
import type { IncidentRecord } from './incident.js';
import { openIncident, resolveIncident } from './incident-lifecycle.js';
import type { RoundBatch } from './round.js';
import type { StepContext } from './step-context.js';

/** The open incident about a location's silence, if there is one. */
function silenceOf(ctx: StepContext, location: string): IncidentRecord | undefined {
  return Object.values(ctx.state.incidents).find(
    (incident) =>
      incident.status === 'open' &&
      incident.cause.code === 'location_silent' &&
      incident.cause.location === location,
  );
}

/**
 * The watch watches itself: a batch is a location saying it is alive. It ends that location's silence
 * incident, if one is open, once its rounds are current again (a `late` batch of a queue still being
 * written does not: the location would be silent again at once, and it counts in no quorum yet); every other known location that has sent nothing for `silentMs` opens one
 * (under the default policy: a blind spot is everyone's business), and one silent for `forgetMs` is
 * forgotten, as a node taken out of service would be.
 */
export function noteLocations(ctx: StepContext, batch: RoundBatch, late: boolean): void {
  const { locations } = ctx.state;
  const previous = locations[batch.location];
  if (previous === undefined || Date.parse(previous.lastBatchAt) < Date.parse(batch.at)) {
    locations[batch.location] = { lastBatchAt: batch.at };
  }
  const back = late ? undefined : silenceOf(ctx, batch.location);
  if (back !== undefined) {
    resolveIncident(ctx, back, `resolved: ${batch.location} reports again`);
  }
  const settings = ctx.settings.locations;
  for (const [name, track] of Object.entries(locations)) {
    const silentMs = ctx.atMs - Date.parse(track.lastBatchAt);
    const open = silenceOf(ctx, name);
    if (silentMs >= settings.forgetMs) {
      delete locations[name];
      if (open !== undefined) {
        const days = Math.round(silentMs / 86_400_000);
        resolveIncident(ctx, open, `resolved: ${name} forgotten after ${days} days of silence`);
      }
      continue;
    }
    if (silentMs < settings.silentMs || open !== undefined) continue;
    const cause = locationCause(name, track.lastBatchAt);
    openIncident(ctx, ctx.settings.defaultPolicy, cause, [], { what: cause.summary, locations: [name] });
  }
}
