import { createHash } from 'node:crypto';
import { DEFAULT_POLICIES, type PolicyConfig } from '../config/alerts-config.js';
import { composeMessage } from './compose-message.js';
import type { MaintenanceWindow } from './engine-input.js';
import type { EngineSettings } from './engine-settings.js';
import type { EngineState } from './engine-state.js';
import type { FailingIndex } from './failing-index.js';
import type {
  IncidentNotification,
  IncidentRecord,
  NotificationKind,
  Transition,
  TransitionKind,
} from './incident.js';
import { coveringWindow } from './maintenance-scope.js';

/** One step's working copy of the state and what it produced so far. */
export interface StepContext {
  state: EngineState;
  settings: EngineSettings;
  /** the input's time, ISO; the engine has no clock of its own */
  at: string;
  atMs: number;
  transitions: Transition[];
  notifications: IncidentNotification[];
  /** targets whose track this step replaced or removed */
  touched: Set<string>;
  /** the failing tracks' ids of `state.targets`, kept up to date as rounds are judged */
  failing: FailingIndex;
  /** incidents this step took out of the state (resolved or merged, nothing held), as they ended */
  closed: IncidentRecord[];
}

/** Takes a finished incident out of the state; the step reports it, so a store can record how it ended. */
export function forgetIncident(ctx: StepContext, incident: IncidentRecord): void {
  delete ctx.state.incidents[incident.id];
  ctx.closed.push(incident);
}

export function policyOf(ctx: StepContext, incident: IncidentRecord): PolicyConfig {
  return (
    ctx.settings.policies[incident.policy] ??
    ctx.settings.policies[ctx.settings.defaultPolicy] ??
    DEFAULT_POLICIES.page
  );
}

/**
 * Ids are deterministic (a replay of the same inputs gives the same ids) and unique across restarts: the
 * opening time plus a hash of the policy, the cause and that time.
 */
export function makeIncidentId(policy: string, causeKey: string, at: string): string {
  const stamp = at.replace(/[-:]/g, '').replace(/\.\d+/, '').replace(/Z$/, 'Z');
  const hash = createHash('sha256').update(`${policy}|${causeKey}|${at}`).digest('hex').slice(0, 8);
  return `inc-${stamp}-${hash}`;
}

export function addTransition(
  ctx: StepContext,
  incident: IncidentRecord,
  kind: TransitionKind,
  detail: string,
  targets?: readonly string[],
): Transition {
  incident.transitions += 1;
  const transition: Transition = {
    incidentId: incident.id,
    number: incident.transitions,
    at: ctx.at,
    kind,
    detail,
    cause: incident.cause.key,
  };
  if (targets !== undefined && targets.length > 0) transition.targets = [...targets];
  ctx.transitions.push(transition);
  return transition;
}

export function activeWindows(ctx: StepContext): MaintenanceWindow[] {
  return Object.values(ctx.state.windows).filter(
    (window) => Date.parse(window.startsAt) <= ctx.atMs && ctx.atMs < Date.parse(window.endsAt),
  );
}

/**
 * The window that holds an incident's notifications: one covers every target it affects now (or, once
 * none is failing, every target it affected). A single target outside every window is a real outage.
 */
export function maintenanceOf(ctx: StepContext, incident: IncidentRecord): MaintenanceWindow | undefined {
  const windows = activeWindows(ctx);
  if (windows.length === 0) return undefined;
  const ids = incident.members.length > 0 ? incident.members : incident.affected;
  let holding: MaintenanceWindow | undefined;
  for (const id of ids) {
    const track = ctx.state.targets[id];
    if (track === undefined) return undefined;
    const window = coveringWindow(track.result, windows, ctx.settings.sites);
    if (window === undefined) return undefined;
    holding ??= window;
  }
  return holding;
}

const OPENING: ReadonlySet<NotificationKind> = new Set(['opened', 'flapping']);
const CLOSING: ReadonlySet<NotificationKind> = new Set(['resolved', 'merged']);

/**
 * Sends (adds) the notification a transition calls for, unless the channels already know, the policy
 * does not want it, or maintenance holds it. A held incident is reconciled when its window is over.
 */
export function announce(
  ctx: StepContext,
  incident: IncidentRecord,
  kind: NotificationKind,
  transition: Transition,
  extra: { maintenance?: string } = {},
): void {
  const policy = policyOf(ctx, incident);
  if (OPENING.has(kind) && incident.announced === 'open') return;
  if (!OPENING.has(kind) && incident.announced !== 'open') return;
  if (CLOSING.has(kind) && !policy.sendOnResolved) return;
  const window = maintenanceOf(ctx, incident);
  if (window !== undefined) {
    incident.held = true;
    incident.heldBy = window.name;
    delete incident.releasedAt;
    transition.detail += ` (notification held: maintenance window ${window.name})`;
    return;
  }
  const message = composeMessage(incident, ctx.state.targets);
  if (extra.maintenance !== undefined) message.maintenance = extra.maintenance;
  ctx.notifications.push({
    type: 'incident',
    key: `${incident.id}#${transition.number}`,
    incidentId: incident.id,
    transition: transition.number,
    kind,
    at: ctx.at,
    policy: policy.name,
    channels: [...policy.channels],
    severity: policy.severity,
    detail: transition.detail,
    incident: message,
  });
  incident.lastNotifiedAt = ctx.at;
  if (message.likelyCause !== undefined) incident.announcedCause = message.likelyCause;
  if (OPENING.has(kind)) incident.announced = 'open';
  if (CLOSING.has(kind)) incident.announced = 'resolved';
}
