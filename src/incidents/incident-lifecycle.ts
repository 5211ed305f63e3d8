import { unique } from '../diagnose/findings/group-by.js';
import { attachChanges } from './attach-changes.js';
import type { Cause, IncidentRecord } from './incident.js';
import { addTransition, announce, forgetIncident, makeIncidentId, type StepContext } from './step-context.js';

function cycleKey(policy: string, causeKey: string): string {
  return `${policy}|${causeKey}`;
}

/** Resolutions of this cause within the flapping window, newest last. */
function recentCycles(ctx: StepContext, policy: string, causeKey: string): string[] {
  const since = ctx.atMs - ctx.settings.flapping.windowMs;
  return (ctx.state.cycles[cycleKey(policy, causeKey)] ?? []).filter((at) => Date.parse(at) > since);
}

/** The locations whose own view of these targets is down, first seen first (the target's latest otherwise). */
function failingLocations(ctx: StepContext, ids: readonly string[]): string[] {
  return unique(
    ids.flatMap((id) => {
      const seeing = Object.entries(ctx.state.views[id] ?? {})
        .filter(([, view]) => view.state === 'down')
        .map(([location]) => location);
      const latest = ctx.state.targets[id]?.location;
      return seeing.length > 0 ? seeing : latest === undefined ? [] : [latest];
    }),
  );
}

export function describeTargets(ctx: StepContext, ids: readonly string[]): string {
  const names = ids.map((id) => ctx.state.targets[id]?.result.name ?? id);
  return names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/**
 * Opens an incident for a cause, or reopens the one maintenance resolved quietly (so a window whose outage
 * resolved and came back sends nothing). After more than `flapping.cycles` open/resolve cycles within the
 * window, it opens as flapping: one message now, none per cycle, one when it has been stable.
 */
export function openIncident(
  ctx: StepContext,
  policy: string,
  cause: Cause,
  members: readonly string[],
  about: { what?: string; locations?: string[] } = {},
): IncidentRecord {
  const reopened = Object.values(ctx.state.incidents).find(
    (incident) =>
      incident.status === 'resolved' &&
      incident.held &&
      incident.policy === policy &&
      incident.cause.key === cause.key,
  );
  if (reopened !== undefined) {
    reopened.status = 'open';
    delete reopened.resolvedAt;
    reopened.members = unique(members);
    reopened.affected = unique([...reopened.affected, ...members]);
    reopened.lastChangeAt = ctx.at;
    addTransition(ctx, reopened, 'opened', `failing again: ${describeTargets(ctx, members)}`, members);
    return reopened;
  }
  const flapping = recentCycles(ctx, policy, cause.key).length >= ctx.settings.flapping.cycles;
  const firstFailures = members.flatMap((id) => ctx.state.targets[id]?.failingSince ?? []).sort();
  const incident: IncidentRecord = {
    id: makeIncidentId(policy, cause.key, ctx.at),
    policy,
    cause,
    previousKeys: [],
    status: 'open',
    openedAt: ctx.at,
    members: unique(members),
    affected: unique(members),
    transitions: 0,
    announced: 'none',
    locations: about.locations ?? failingLocations(ctx, members),
    flapping,
    lastChangeAt: ctx.at,
    held: false,
    startedAt: firstFailures[0] ?? ctx.at,
  };
  ctx.state.incidents[incident.id] = incident;
  // The first message already says what changed before it.
  attachChanges(ctx, incident);
  const detail = flapping
    ? `flapping: ${cause.key} opened and resolved ${recentCycles(ctx, policy, cause.key).length} times within ${Math.round(ctx.settings.flapping.windowMs / 60_000)} minutes; one message until it is stable`
    : `opened: ${about.what ?? describeTargets(ctx, members)}`;
  const transition = addTransition(ctx, incident, flapping ? 'flapping' : 'opened', detail, members);
  announce(ctx, incident, flapping ? 'flapping' : 'opened', transition);
  return incident;
}

/**
 * Sets, not array scans: a fleet-wide incident has thousands of members, and a batch can bring thousands
 * more, so each lookup must not walk the list (it once did, quadratically).
 */
export function joinIncident(ctx: StepContext, incident: IncidentRecord, ids: readonly string[]): void {
  const members = new Set(incident.members);
  const joining = unique(ids).filter((id) => !members.has(id));
  if (joining.length === 0) return;
  for (const id of joining) incident.members.push(id);
  incident.affected = unique([...incident.affected, ...joining]);
  incident.lastChangeAt = ctx.at;
  const locations = new Set(incident.locations);
  for (const location of failingLocations(ctx, joining)) {
    if (!locations.has(location)) {
      locations.add(location);
      incident.locations.push(location);
    }
  }
  // Recorded, not notified: the incident is already known; its next message lists them.
  addTransition(ctx, incident, 'joined', `joined: ${describeTargets(ctx, joining)}`, joining);
}

export function leaveIncident(
  ctx: StepContext,
  incident: IncidentRecord,
  ids: readonly string[],
  why: string,
): void {
  const members = new Set(incident.members);
  const leaving = unique(ids).filter((id) => members.has(id));
  if (leaving.length === 0) return;
  const gone = new Set(leaving);
  incident.members = incident.members.filter((id) => !gone.has(id));
  incident.lastChangeAt = ctx.at;
  addTransition(ctx, incident, 'left', `${why}: ${describeTargets(ctx, leaving)}`, leaving);
}

/**
 * Resolves an incident with no failing target left. A flapping one waits for stability instead. The
 * resolution counts as a cycle of its cause, for flapping.
 */
export function resolveIncident(ctx: StepContext, incident: IncidentRecord, detail: string): void {
  incident.status = 'resolved';
  incident.resolvedAt = ctx.at;
  const transition = addTransition(ctx, incident, 'resolved', detail);
  announce(ctx, incident, 'resolved', transition);
  if (!incident.flapping) {
    const key = cycleKey(incident.policy, incident.cause.key);
    ctx.state.cycles[key] = [...recentCycles(ctx, incident.policy, incident.cause.key), ctx.at];
  }
  if (!incident.held) forgetIncident(ctx, incident);
}

/** The cause widened: same incident, new key, and it says so; a second page never goes out for it. */
export function rekeyIncident(ctx: StepContext, incident: IncidentRecord, cause: Cause): void {
  const before = incident.cause;
  incident.previousKeys.push(before.key);
  incident.cause = cause;
  const transition = addTransition(
    ctx,
    incident,
    'rekeyed',
    `widened from ${before.key} to ${cause.key}: ${cause.summary}`,
  );
  announce(ctx, incident, 'widened', transition);
}

/** A narrower incident whose targets all moved to a wider one ends as part of it. */
export function mergeIncident(ctx: StepContext, incident: IncidentRecord, into: IncidentRecord): void {
  incident.status = 'resolved';
  incident.resolvedAt = ctx.at;
  for (const location of incident.locations)
    if (!into.locations.includes(location)) into.locations.push(location);
  const transition = addTransition(ctx, incident, 'merged', `merged into ${into.id} (${into.cause.key})`);
  announce(ctx, incident, 'merged', transition);
  if (!incident.held) forgetIncident(ctx, incident);
}
