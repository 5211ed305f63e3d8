import { unique } from '../diagnose/findings/group-by.js';
import { findingCauses, intermittentCause, ownCause } from './cause-of.js';
import { collectFailure } from './compose-message.js';
import { policyFor } from './engine-settings.js';
import type { TargetTrack } from './engine-state.js';
import { failingTracks, updateFailing } from './failing-index.js';
import type { Cause, IncidentRecord } from './incident.js';
import {
  joinIncident,
  leaveIncident,
  mergeIncident,
  openIncident,
  rekeyIncident,
  resolveIncident,
} from './incident-lifecycle.js';
import { judgeRound } from './judge-round.js';
import { isLateBatch, takeLateBatch } from './late-batch.js';
import {
  awaitsLateSibling,
  indexSiblings,
  notePassing,
  outageOfStreak,
  type SiblingIndex,
} from './late-siblings.js';
import { applyPartialSightings } from './partial-sightings.js';
import { agreeOnTarget, type Quorum, quorumAt, reportingViews } from './quorum.js';
import type { RoundBatch } from './round.js';
import { addTransition, announce, maintenanceOf, policyOf, type StepContext } from './step-context.js';
import { noteLocations } from './watch-locations.js';

interface BatchChanges {
  /** the batch's targets in the order of their rounds: new members are listed in it */
  probed: string[];
  cameUp: Set<string>;
  /** targets with a failed or partial round in this batch: reminders are due only while failing */
  failing: Set<string>;
  intermittentOpened: string[];
  intermittentClosed: string[];
}

/**
 * One batch of rounds: judge each target, then move targets between incidents by cause, widen causes,
 * resolve what emptied, and remind what is still failing. Findings come from the batch's own location.
 * A late batch (a location writing what it queued while cut off) moves only that location's views.
 */
export function applyRounds(ctx: StepContext, batch: RoundBatch): void {
  const late = isLateBatch(ctx, batch);
  noteLocations(ctx, batch, late);
  if (late) {
    takeLateBatch(ctx, batch);
    return;
  }
  const quorum = quorumAt(ctx.state, ctx.settings.locations, ctx.atMs);
  const changes = judgeRounds(ctx, batch, quorum);
  const memberOf = indexMembers(ctx);
  const recovered = new Map<IncidentRecord, string[]>();
  for (const id of changes.cameUp) {
    const incident = memberOf.get(id);
    if (incident !== undefined) recovered.set(incident, [...(recovered.get(incident) ?? []), id]);
    memberOf.delete(id);
  }
  for (const [incident, ids] of recovered) leaveIncident(ctx, incident, ids, 'recovered');
  const desired = desiredCauses(ctx, batch, memberOf);
  widenCauses(ctx, desired, memberOf);
  openOrJoin(ctx, changes.probed, desired, memberOf);
  for (const incident of openOutages(ctx)) {
    if (incident.members.length > 0 || incident.flapping) continue;
    notePassing(incident, false, ctx.at);
    if (awaitsLateSibling(ctx, incident, failingTracks(ctx.failing))) continue;
    resolveIncident(ctx, incident, 'resolved: every target passes again');
  }
  applyIntermittent(ctx, changes);
  applyPartialSightings(ctx, batch, quorum);
  remind(ctx, changes.failing, batch.location);
  for (const incident of Object.values(ctx.state.incidents)) {
    if (incident.status !== 'open') continue;
    const members = incident.members.flatMap((id) => ctx.state.targets[id] ?? []);
    const facts = collectFailure(incident, members);
    if (facts !== undefined) incident.lastFailure = facts;
    if (isOpenOutage(incident)) notePassing(incident, facts !== undefined, ctx.at);
    for (const id of incident.members) {
      for (const [location, view] of reportingViews(ctx.state.views[id], quorum)) {
        if (view.state === 'down' && !incident.locations.includes(location))
          incident.locations.push(location);
      }
    }
  }
}

/**
 * Each round is judged by its own location's view of the target (that location's thresholds and
 * confirmations), then the locations' views are agreed on by the quorum: only the agreed state moves
 * targets in and out of outages.
 */
function judgeRounds(ctx: StepContext, batch: RoundBatch, quorum: Quorum): BatchChanges {
  const rounds = [...batch.rounds].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const changes: BatchChanges = {
    probed: unique(rounds.map((round) => round.result.id)),
    cameUp: new Set(),
    failing: new Set(),
    intermittentOpened: [],
    intermittentClosed: [],
  };
  for (const round of rounds) {
    const { id } = round.result;
    const policy = policyFor(ctx.settings, round.result.environment);
    const views = ctx.state.views[id] ?? {};
    ctx.state.views[id] = views;
    const judged = judgeRound(views[round.location], round, policy, ctx.settings.intermittent);
    views[round.location] = judged.track;
    const agreed = agreeOnTarget(ctx.state.targets[id], judged.track, views, quorum);
    ctx.state.targets[id] = agreed.track;
    ctx.touched.add(id);
    if (agreed.change === 'went_down') changes.cameUp.delete(id);
    else if (agreed.change === 'came_up') changes.cameUp.add(id);
    if (judged.failed || round.result.verdict === 'intermittent') changes.failing.add(id);
    else changes.failing.delete(id);
    if (agreed.intermittent === 'opened') changes.intermittentOpened.push(id);
    if (agreed.intermittent === 'closed') changes.intermittentClosed.push(id);
  }
  updateFailing(ctx.failing, changes.probed);
  return changes;
}

/** Open incidents about targets that fail as a whole, agreed by the quorum: what pages. */
function openOutages(ctx: StepContext): IncidentRecord[] {
  return Object.values(ctx.state.incidents).filter(isOpenOutage);
}

function isOpenOutage(incident: IncidentRecord): boolean {
  return (
    incident.status === 'open' &&
    incident.partial === undefined &&
    incident.cause.code !== 'intermittent' &&
    incident.cause.code !== 'location_silent'
  );
}

/** target id -> the open outage incident it is failing in (a target is in at most one). */
function indexMembers(ctx: StepContext): Map<string, IncidentRecord> {
  const index = new Map<string, IncidentRecord>();
  for (const incident of openOutages(ctx)) for (const id of incident.members) index.set(id, incident);
  return index;
}

function policyNameOf(ctx: StepContext, track: TargetTrack): string {
  return policyFor(ctx.settings, track.result.environment).name;
}

/**
 * What each down target's cause is now: the widest finding that covers it; else, for the targets of one
 * hostname of a site, the cause its other failing targets already have (the edge's 521 is the origin's
 * outage, not a second one, and the origin's refusal is the edge's); else its own verdict. A target in no
 * incident yet whose failure streak began in an open outage of its hostname takes that outage's cause.
 */
function desiredCauses(
  ctx: StepContext,
  batch: RoundBatch,
  memberOf: Map<string, IncidentRecord>,
): Map<string, Cause> {
  const tracks = ctx.state.targets;
  const fromFindings = findingCauses(batch.findings, tracks);
  const failing = failingTracks(ctx.failing);
  const bySiteHost = new Map<string, TargetTrack[]>();
  const siteHost = (track: TargetTrack) => `${track.result.site ?? ''}\u0000${track.result.hostname}`;
  for (const track of failing)
    bySiteHost.set(siteHost(track), [...(bySiteHost.get(siteHost(track)) ?? []), track]);
  const desired = new Map<string, Cause>();
  const down = failing.filter((track) => track.state === 'down');
  for (const track of down) {
    if (track.result.via === 'edge') continue;
    desired.set(track.id, fromFindings.get(track.id) ?? memberOf.get(track.id)?.cause ?? ownCause(track));
  }
  // Built only when a down target is in no incident yet: it may have begun failing in an outage of its hostname.
  let late: SiblingIndex | undefined;
  for (const track of down) {
    const own = fromFindings.get(track.id) ?? memberOf.get(track.id)?.cause;
    let best = own ?? ownCause(track);
    for (const sibling of bySiteHost.get(siteHost(track)) ?? []) {
      if (sibling.id === track.id || policyNameOf(ctx, sibling) !== policyNameOf(ctx, track)) continue;
      // An edge target takes the cause its origin targets fail for, even before they reach their threshold;
      // an origin target without a cause of its own joins the edge's incident.
      const candidate =
        track.result.via === 'edge'
          ? (memberOf.get(sibling.id)?.cause ?? desired.get(sibling.id) ?? fromFindings.get(sibling.id))
          : own === undefined && sibling.result.via === 'edge'
            ? memberOf.get(sibling.id)?.cause
            : undefined;
      if (
        candidate !== undefined &&
        (candidate.rank > best.rank || (own === undefined && best.code === 'target'))
      ) {
        best = candidate;
      }
    }
    if (!memberOf.has(track.id)) {
      late ??= indexSiblings(ctx, openOutages(ctx));
      const began = outageOfStreak(ctx, track, late);
      // Its streak decides, not the findings of the batch it went down in (they see only it fail now),
      // unless a finding is wider than that outage.
      if (began !== undefined && began.cause.rank >= best.rank) best = began.cause;
    }
    desired.set(track.id, best);
  }
  return desired;
}

/**
 * Members whose cause is now wider than their incident's move up: into the open incident of that cause,
 * or their incident takes the wider key. Incidents left empty by the move are merged, never resolved.
 */
function widenCauses(
  ctx: StepContext,
  desired: Map<string, Cause>,
  memberOf: Map<string, IncidentRecord>,
): void {
  const groups = new Map<string, { policy: string; cause: Cause; ids: string[] }>();
  for (const [id, cause] of desired) {
    const incident = memberOf.get(id);
    if (incident === undefined || cause.rank <= incident.cause.rank || cause.key === incident.cause.key)
      continue;
    const groupKey = `${incident.policy}|${cause.key}`;
    const group = groups.get(groupKey) ?? { policy: incident.policy, cause, ids: [] };
    group.ids.push(id);
    groups.set(groupKey, group);
  }
  const ordered = [...groups.values()].sort((a, b) => b.cause.rank - a.cause.rank);
  for (const { policy, cause, ids } of ordered) {
    const sources = unique(ids.map((id) => memberOf.get(id)).filter((incident) => incident !== undefined));
    let target = openOutages(ctx).find(
      (incident) => incident.policy === policy && incident.cause.key === cause.key,
    );
    if (target === undefined) {
      // The incident people already heard about keeps its id; among equals, the oldest.
      const chosen = [...sources].sort(
        (a, b) =>
          Number(b.announced === 'open') - Number(a.announced === 'open') ||
          a.openedAt.localeCompare(b.openedAt),
      )[0];
      if (chosen === undefined) continue;
      rekeyIncident(ctx, chosen, cause);
      target = chosen;
    }
    for (const source of sources) {
      if (source === target) continue;
      const moving = ids.filter((id) => memberOf.get(id) === source);
      leaveIncident(ctx, source, moving, `moved to ${target.id}`);
      joinIncident(ctx, target, moving);
      for (const id of moving) memberOf.set(id, target);
      if (source.members.length === 0) mergeIncident(ctx, source, target);
    }
  }
}

/**
 * Every down target that fails now and is in no incident opens or joins the incident of its cause. Placed
 * by its state at the batch's end, the moment the findings describe, not by the round that crossed its
 * threshold: when a batch holds several rounds of a target (an interval shorter than a batch), the one that
 * took it down may be followed by a pass, and a passing result names no cause. Such a target waits, down
 * and in no incident, until it fails again (then it is placed here) or comes up (then nothing was lost
 * but a failure that was over before the engine could say what it was).
 */
function openOrJoin(
  ctx: StepContext,
  probed: readonly string[],
  desired: Map<string, Cause>,
  memberOf: Map<string, IncidentRecord>,
): void {
  const groups = new Map<string, { policy: string; cause: Cause; ids: string[] }>();
  for (const id of unique([...probed, ...desired.keys()])) {
    const track = ctx.state.targets[id];
    const cause = desired.get(id);
    if (track === undefined || cause === undefined || memberOf.has(id)) continue;
    const policy = policyNameOf(ctx, track);
    const groupKey = `${policy}|${cause.key}`;
    const group = groups.get(groupKey) ?? { policy, cause, ids: [] };
    group.ids.push(id);
    groups.set(groupKey, group);
  }
  for (const { policy, cause, ids } of groups.values()) {
    const existing = openOutages(ctx).find(
      (incident) => incident.policy === policy && incident.cause.key === cause.key,
    );
    const incident = existing ?? openIncident(ctx, policy, cause, ids);
    if (existing !== undefined) joinIncident(ctx, existing, ids);
    for (const id of ids) memberOf.set(id, incident);
  }
}

function applyIntermittent(ctx: StepContext, changes: BatchChanges): void {
  for (const id of changes.intermittentOpened) {
    const track = ctx.state.targets[id];
    if (track === undefined) continue;
    const cause = intermittentCause(track);
    const policy = policyNameOf(ctx, track);
    const open = Object.values(ctx.state.incidents).find(
      (incident) =>
        incident.status === 'open' && incident.policy === policy && incident.cause.key === cause.key,
    );
    if (open !== undefined) joinIncident(ctx, open, [id]);
    else openIncident(ctx, policy, cause, [id]);
  }
  for (const id of changes.intermittentClosed) {
    const track = ctx.state.targets[id];
    if (track === undefined) continue;
    const key = intermittentCause(track).key;
    const open = Object.values(ctx.state.incidents).find(
      (incident) => incident.status === 'open' && incident.cause.key === key,
    );
    if (open === undefined) continue;
    leaveIncident(ctx, open, [id], 'no failed request left in the window');
    if (!open.flapping) resolveIncident(ctx, open, 'resolved: no failed request in the last window');
  }
}

/**
 * Gatus's minimum-reminder-interval: while an announced incident is still failing, one more message once
 * the interval has passed since the last. A held incident is not reminded: its window is the reminder.
 */
function remind(ctx: StepContext, failing: Set<string>, location: string): void {
  for (const incident of Object.values(ctx.state.incidents)) {
    if (incident.status !== 'open') continue;
    const failingMembers = incident.members.filter((id) => failing.has(id));
    if (failingMembers.length === 0) continue;
    if (!incident.locations.includes(location)) incident.locations.push(location);
    const interval = policyOf(ctx, incident).minimumReminderIntervalMs;
    if (interval <= 0 || incident.announced !== 'open' || incident.lastNotifiedAt === undefined) continue;
    if (ctx.atMs - Date.parse(incident.lastNotifiedAt) < interval) continue;
    if (maintenanceOf(ctx, incident) !== undefined) continue;
    const transition = addTransition(
      ctx,
      incident,
      'reminded',
      `still failing: ${incident.members.length} targets`,
    );
    announce(ctx, incident, 'reminder', transition);
  }
}
