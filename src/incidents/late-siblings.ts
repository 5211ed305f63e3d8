import { policyFor } from './engine-settings.js';
import type { TargetTrack } from './engine-state.js';
import type { IncidentRecord } from './incident.js';
import type { StepContext } from './step-context.js';

/**
 * A target that began failing while an outage of its hostname still failed, but crossed its threshold
 * only once the outage's targets passed again (the edge a round behind its origin, 000's shape), failed
 * for that outage's cause: by then `correlate` sees only it fail ('edge only'), and a second incident
 * would page for the shut door again. Its failure streak decides, not the findings of the moment it went
 * down. A streak that began after the outage's targets all passed again is a new cause.
 */

/** Targets of one hostname of a site under one policy: the siblings whose failures share a cause. */
function siblingKey(ctx: StepContext, track: TargetTrack): string {
  const policy = policyFor(ctx.settings, track.result.environment).name;
  return `${policy}\u0000${track.result.site ?? ''}\u0000${track.result.hostname}`;
}

/** The streak began from the outage's start until all its targets passed again (its `passingSince`). */
function beganDuring(track: TargetTrack, incident: IncidentRecord): boolean {
  const since = track.failingSince;
  if (since === null) return false;
  const began = Date.parse(since);
  const start = Date.parse(incident.startedAt ?? incident.openedAt);
  const end =
    incident.passingSince === undefined ? Number.POSITIVE_INFINITY : Date.parse(incident.passingSince);
  return began >= start && began <= end;
}

/** Open outages by the sibling keys of every target they ever had: built once a batch, when needed. */
export type SiblingIndex = Map<string, IncidentRecord[]>;

export function indexSiblings(ctx: StepContext, outages: readonly IncidentRecord[]): SiblingIndex {
  const index: SiblingIndex = new Map();
  // Oldest first, so the outage a streak is given to does not depend on the order incidents are stored in.
  for (const incident of [...outages].sort((a, b) => a.openedAt.localeCompare(b.openedAt))) {
    for (const id of incident.affected) {
      const track = ctx.state.targets[id];
      if (track === undefined) continue;
      const key = siblingKey(ctx, track);
      const known = index.get(key) ?? [];
      if (!known.includes(incident)) index.set(key, [...known, incident]);
    }
  }
  return index;
}

/** The oldest open outage of a sibling of `track` whose failing its streak began in. */
export function outageOfStreak(
  ctx: StepContext,
  track: TargetTrack,
  index: SiblingIndex,
): IncidentRecord | undefined {
  if (track.failingSince === null) return undefined;
  return index.get(siblingKey(ctx, track))?.find((incident) => beganDuring(track, incident));
}

/**
 * Whether an outage whose targets all pass again must stay open for a sibling still below its threshold:
 * one in no incident whose streak began during it. It joins once down, or the outage resolves once it
 * passes; resolved now, the same cause would page again as 'edge only' a round later.
 */
export function awaitsLateSibling(
  ctx: StepContext,
  incident: IncidentRecord,
  failing: readonly TargetTrack[],
): boolean {
  const candidates = failing.filter((track) => track.state === 'up' && track.failingSince !== null);
  if (candidates.length === 0) return false;
  const inIncidents = new Set(
    Object.values(ctx.state.incidents).flatMap((other) => (other.status === 'open' ? other.members : [])),
  );
  const index = indexSiblings(ctx, [incident]);
  return candidates.some(
    (track) => !inIncidents.has(track.id) && outageOfStreak(ctx, track, index) === incident,
  );
}

/**
 * Keeps `passingSince`: since when none of the incident's members fails (or none is left), unset while
 * any does. It ends the span in which a sibling's streak counts as this outage's.
 */
export function notePassing(incident: IncidentRecord, anyFailing: boolean, at: string): void {
  if (anyFailing) delete incident.passingSince;
  else incident.passingSince ??= at;
}
