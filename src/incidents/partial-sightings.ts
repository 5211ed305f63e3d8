import { unique } from '../diagnose/findings/group-by.js';
import { findingCauses, ownCause } from './cause-of.js';
import { policyFor } from './engine-settings.js';
import type { TargetTrack } from './engine-state.js';
import type { Cause, IncidentRecord, PartialSighting } from './incident.js';
import { describeTargets, joinIncident, leaveIncident, resolveIncident } from './incident-lifecycle.js';
import { type Quorum, seenFromOnly } from './quorum.js';
import type { RoundBatch } from './round.js';
import { addTransition, makeIncidentId, type StepContext } from './step-context.js';

/** "ams", "ams and fra" */
function listLocations(locations: readonly string[]): string {
  return locations.length <= 1
    ? (locations[0] ?? '')
    : `${locations.slice(0, -1).join(', ')} and ${locations.at(-1)}`;
}

function openPartials(ctx: StepContext): IncidentRecord[] {
  return Object.values(ctx.state.incidents).filter(
    (incident) => incident.status === 'open' && incident.partial !== undefined,
  );
}

/**
 * Failures fewer locations see than the quorum needs. They are recorded, never notified: one incident per
 * cause, marked "seen from X only", that its targets join while too few locations see them fail and leave
 * once none does, or once a quorum does (they are then in an outage that pages). The cause is the one the
 * seeing location's own findings give, so twenty hostnames of one origin seen failing from one location
 * are one sighting, not twenty.
 */
export function applyPartialSightings(ctx: StepContext, batch: RoundBatch, quorum: Quorum): void {
  const seen = new Map<string, readonly string[]>();
  // Every target, every batch: a for-in over the record, not Object.entries' 10,000 pairs a second.
  for (const id in ctx.state.targets) {
    const locations = seenFromOnly(ctx.state.targets[id], ctx.state.views[id], quorum);
    if (locations.length > 0) seen.set(id, locations);
  }
  const memberOf = new Map<string, IncidentRecord>();
  const confirmedIn = new Set<IncidentRecord>();
  for (const incident of openPartials(ctx)) {
    const leaving = incident.members.filter((id) => !seen.has(id));
    const confirmed = leaving.filter((id) => ctx.state.targets[id]?.state === 'down');
    const cleared = leaving.filter((id) => !confirmed.includes(id));
    if (confirmed.length > 0) {
      leaveIncident(
        ctx,
        incident,
        confirmed,
        `a quorum of ${quorum.needed} locations sees it fail: now an outage`,
      );
      confirmedIn.add(incident);
    }
    if (cleared.length > 0) leaveIncident(ctx, incident, cleared, 'no reporting location sees it fail now');
    for (const id of incident.members) memberOf.set(id, incident);
  }

  const groups = new Map<string, { policy: string; cause: Cause; ids: string[] }>();
  let fromFindings: Map<string, Cause> | undefined;
  for (const [id, locations] of seen) {
    if (memberOf.has(id)) continue;
    const view = ctx.state.views[id]?.[locations[0] ?? ''];
    const agreed = ctx.state.targets[id];
    if (view === undefined || agreed === undefined) continue;
    if (locations.includes(batch.location))
      fromFindings ??= findingCauses(batch.findings, viewsOf(ctx, batch.location));
    const own = (locations.includes(batch.location) ? fromFindings?.get(id) : undefined) ?? ownCause(view);
    const cause: Cause = { ...own, key: `seen_from_only:${own.key}` };
    const policy = policyFor(ctx.settings, agreed.result.environment).name;
    const key = `${policy}|${cause.key}`;
    const group = groups.get(key) ?? { policy, cause, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  }
  for (const { policy, cause, ids } of groups.values()) {
    const existing = openPartials(ctx).find(
      (incident) => incident.policy === policy && incident.cause.key === cause.key,
    );
    if (existing !== undefined) joinIncident(ctx, existing, ids);
    else openPartial(ctx, policy, cause, ids, sightingOf(ids, seen, quorum));
  }

  for (const incident of openPartials(ctx)) {
    if (incident.members.length === 0) {
      const why = confirmedIn.has(incident)
        ? 'resolved: a quorum of locations sees it now, and that outage is notified'
        : 'resolved: no location sees it fail any more';
      resolveIncident(ctx, incident, why);
      continue;
    }
    incident.partial = sightingOf(incident.members, seen, quorum);
    incident.locations = unique([...incident.locations, ...incident.partial.seenFrom]);
  }
}

function sightingOf(
  ids: readonly string[],
  seen: Map<string, readonly string[]>,
  quorum: Quorum,
): PartialSighting {
  return {
    seenFrom: unique(ids.flatMap((id) => seen.get(id) ?? [])).sort(),
    needed: quorum.needed,
    reporting: quorum.reporting.length,
  };
}

function viewsOf(ctx: StepContext, location: string): Record<string, TargetTrack> {
  const views: Record<string, TargetTrack> = {};
  for (const [id, byLocation] of Object.entries(ctx.state.views)) {
    const view = byLocation[location];
    if (view !== undefined) views[id] = view;
  }
  return views;
}

/** A sighting opens without a notification: that is the whole point of the quorum. */
function openPartial(
  ctx: StepContext,
  policy: string,
  cause: Cause,
  ids: readonly string[],
  sighting: PartialSighting,
): void {
  const incident: IncidentRecord = {
    id: makeIncidentId(policy, cause.key, ctx.at),
    policy,
    cause,
    previousKeys: [],
    status: 'open',
    openedAt: ctx.at,
    members: unique(ids),
    affected: unique(ids),
    transitions: 0,
    announced: 'none',
    locations: [...sighting.seenFrom],
    flapping: false,
    lastChangeAt: ctx.at,
    held: false,
    partial: sighting,
  };
  ctx.state.incidents[incident.id] = incident;
  addTransition(
    ctx,
    incident,
    'opened',
    `seen from ${listLocations(sighting.seenFrom)} only: ${describeTargets(ctx, ids)}; a page needs ${sighting.needed} of the ${sighting.reporting} reporting locations, so nobody is notified`,
    ids,
  );
}
