import type { AttachedChange, Change, DeployChange, HostChange } from './change.js';
import type { DeployInput, HostEventsInput } from './engine-input.js';
import type { IncidentRecord } from './incident.js';
import { toDeployChange, toHostChange } from './make-change.js';
import { rankChanges } from './rank-changes.js';
import { addTransition, announce, maintenanceOf, type StepContext } from './step-context.js';

/** Changes of an incident's origins from this long before it started are attached to it (WATCH.md). */
export const CHANGE_WINDOW_MS = 2 * 3_600_000;
/** A failed deploy gate is shown beside any incident that starts within this long after it. */
export const FAILED_GATE_MS = 30 * 60_000;
/**
 * The engine keeps changes this long after they happened: the window, plus the time an incident may take
 * to open after its first failure (confirmations, thresholds, a maintenance window's end).
 */
const KEEP_MS = CHANGE_WINDOW_MS + 3_600_000;
const MAX_PER_ORIGIN = 200;
const MAX_DEPLOYS = 100;
const MAX_ATTACHED = 50;

/** Keeps an agent's new events for incidents that open within the next 2 hours. */
export function bufferHostEvents(ctx: StepContext, input: HostEventsInput): void {
  ctx.state.changes ??= {};
  const changes = ctx.state.changes;
  const list = changes[input.origin] ?? [];
  const known = new Set(list.map((change) => change.key));
  for (const event of input.events) {
    const change = toHostChange(event);
    if (!known.has(change.key)) list.push(change);
  }
  changes[input.origin] = list;
}

export function bufferDeploy(ctx: StepContext, input: DeployInput): void {
  ctx.state.deploys ??= [];
  const deploys = ctx.state.deploys;
  const change = toDeployChange(input.id, input.mark);
  if (!deploys.some((known) => known.key === change.key)) deploys.push(change);
}

/** Drops what no incident can still want, and caps what is kept. */
export function forgetOldChanges(ctx: StepContext): void {
  const cutoff = ctx.atMs - KEEP_MS;
  const recent = <T extends Change>(list: readonly T[], max: number) =>
    list.filter((change) => Date.parse(change.at) >= cutoff).slice(-max);
  for (const [origin, list] of Object.entries(ctx.state.changes ?? {})) {
    const kept = recent(list, MAX_PER_ORIGIN);
    if (kept.length === 0) delete ctx.state.changes?.[origin];
    else (ctx.state.changes ?? {})[origin] = kept;
  }
  if (ctx.state.deploys !== undefined) ctx.state.deploys = recent(ctx.state.deploys, MAX_DEPLOYS);
}

/** The origins an incident is about: its cause's, its targets', and for edge targets their site's. */
export function incidentOrigins(ctx: StepContext, incident: IncidentRecord): Set<string> {
  const origins = new Set<string>();
  if (incident.cause.origin !== undefined) origins.add(incident.cause.origin);
  for (const id of incident.affected) {
    const result = ctx.state.targets[id]?.result;
    if (result === undefined) continue;
    if (result.origin !== undefined) origins.add(result.origin);
    else if (result.site !== undefined)
      for (const origin of ctx.settings.sites[result.site]?.origins ?? []) origins.add(origin);
  }
  return origins;
}

/**
 * Copies the changes an incident should carry into its record and ranks them: host changes of its origins
 * and deploys that touched its origins or targets, from 2 hours before it started on (also those arriving
 * while it is open), and any deploy whose gate failed within 30 minutes before it started. Changes already
 * attached stay, even once the engine has forgotten them. Returns true when the top likely cause changed.
 */
export function attachChanges(ctx: StepContext, incident: IncidentRecord): boolean {
  const startMs = Date.parse(incident.startedAt ?? incident.openedAt);
  const fromMs = startMs - CHANGE_WINDOW_MS;
  const origins = incidentOrigins(ctx, incident);
  const affected = new Set(incident.affected);
  const touches = (change: DeployChange) =>
    change.mark.origins.some((origin) => origins.has(origin)) ||
    change.mark.targets.some((target) => affected.has(target.id));
  const isFailedGate = (change: DeployChange) => {
    const before = startMs - Date.parse(change.at);
    return change.mark.result === 'failed' && before >= 0 && before <= FAILED_GATE_MS;
  };
  const attached = new Map<string, Change>((incident.changes ?? []).map(stripScore).map((c) => [c.key, c]));
  const wanted: Change[] = [
    ...[...origins].flatMap((origin): HostChange[] => ctx.state.changes?.[origin] ?? []),
    ...(ctx.state.deploys ?? []).filter((change) => touches(change) || isFailedGate(change)),
  ].filter((change) => Date.parse(change.at) >= fromMs);
  for (const change of wanted) if (!attached.has(change.key)) attached.set(change.key, change);

  const all = [...attached.values()];
  const relevant = (change: Change) =>
    change.kind === 'host' ? origins.has(change.event.origin) : touches(change);
  const ranking = rankChanges(all, startMs, relevant);
  const scored: AttachedChange[] = all.map((change) => {
    const entry: AttachedChange = { ...change, score: ranking.scores.get(change.key) ?? 0 };
    if (change.kind === 'deploy' && isFailedGate(change)) entry.failedGate = true;
    return entry;
  });
  const inCauses = new Set(ranking.causes.flatMap((cause) => cause.changes));
  const kept = scored
    .sort(
      (a, b) =>
        Number(inCauses.has(b.key)) - Number(inCauses.has(a.key)) ||
        Number(b.failedGate === true) - Number(a.failedGate === true) ||
        b.score - a.score ||
        Date.parse(b.at) - Date.parse(a.at),
    )
    .slice(0, MAX_ATTACHED)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.key.localeCompare(b.key));
  const before = incident.likelyCauses?.[0]?.headline;
  incident.changes = kept;
  incident.likelyCauses = ranking.causes;
  return ranking.causes[0]?.headline !== before;
}

function stripScore(change: AttachedChange): Change {
  const { score: _score, failedGate: _failedGate, ...rest } = change;
  return rest as Change;
}

/**
 * After each step: incidents touched by it, or all open ones when changes arrived, take their changes. When
 * the likely cause of an open incident changes, the timeline says so (`explained`), and channels that
 * already heard of the incident hear the cause (`cause`), unless maintenance holds its messages.
 */
export function explainIncidents(ctx: StepContext, changesArrived: boolean): void {
  const touched = new Set(ctx.transitions.map((transition) => transition.incidentId));
  for (const incident of Object.values(ctx.state.incidents)) {
    if (incident.status !== 'open' || (!changesArrived && !touched.has(incident.id))) continue;
    if (!attachChanges(ctx, incident)) continue;
    const headline = incident.likelyCauses?.[0]?.headline;
    if (headline === undefined) continue;
    const transition = addTransition(ctx, incident, 'explained', `likely cause: ${headline}`);
    const mayTell =
      incident.announced === 'open' &&
      !incident.held &&
      headline !== incident.announcedCause &&
      maintenanceOf(ctx, incident) === undefined;
    if (mayTell) announce(ctx, incident, 'cause', transition);
  }
}
