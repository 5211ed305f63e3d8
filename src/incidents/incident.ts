import type { Severity } from '../config/alerts-config.js';
import type { FindingCode, Verdict } from '../diagnose/verdict.js';
import type { AttachedChange, RankedCause } from './change.js';

/**
 * What an incident is about. A `correlate` finding when one covers the failing targets, else one target's
 * verdict, or a target's intermittent failures. `key` is unique among one policy's open incidents.
 */
export type CauseCode = FindingCode | 'target' | 'intermittent' | 'location_silent';

export interface Cause {
  key: string;
  code: CauseCode;
  /** wider causes rank higher: a target widens to its origin, an origin to the fleet */
  rank: number;
  /** the finding's or the target's own one-line summary when the cause was named */
  summary: string;
  verdict?: Verdict;
  origin?: string;
  site?: string;
  /** the probe location a `location_silent` cause is about */
  location?: string;
}

/**
 * A failure fewer locations see than the quorum needs: recorded as an incident of its own ("seen from X
 * only") that never notifies. Its targets leave it when they pass again, or when a quorum sees them fail
 * and they join an outage that pages.
 */
export interface PartialSighting {
  /** the reporting locations that see its targets fail now */
  seenFrom: string[];
  /** how many locations a page needs, and how many were reporting, at its latest step */
  needed: number;
  reporting: number;
}

export type IncidentStatus = 'open' | 'resolved';

/** What the channels last heard about an incident: maintenance compares against this, not against silence. */
export type Announced = 'none' | 'open' | 'resolved';

/** An incident as the engine keeps it while it matters (open, or resolved but still held by maintenance). */
export interface IncidentRecord {
  id: string;
  policy: string;
  cause: Cause;
  /** keys this incident had before it was re-keyed, oldest first */
  previousKeys: string[];
  status: IncidentStatus;
  openedAt: string;
  resolvedAt?: string;
  /** targets failing now */
  members: string[];
  /** every target that was ever a member, for the message and for maintenance scope once members are gone */
  affected: string[];
  /** how many transitions this incident has had; the next one gets this number plus one */
  transitions: number;
  announced: Announced;
  lastNotifiedAt?: string;
  /** locations whose rounds showed a member failing */
  locations: string[];
  flapping: boolean;
  /** the last time a member joined or left: a flapping incident resolves when this is old enough */
  lastChangeAt: string;
  /** a notification was withheld by maintenance; the difference is sent when the window is over */
  held: boolean;
  /** when the engine first saw this held incident out of every window */
  releasedAt?: string;
  /** the window whose end released it, for the message */
  heldBy?: string;
  /** what its targets last failed with, so the resolution still says what the outage was */
  lastFailure?: FailureFacts;
  /** set on a failure below the quorum: never notified */
  partial?: PartialSighting;
  /** when its first targets began failing (their first failing round): changes are looked for before this */
  startedAt?: string;
  /**
   * Since when none of its members fails (all pass again, or none is left); unset while one does. A
   * sibling whose failure streak began from `startedAt` to this joins it late (late-siblings.ts). Absent
   * in a state saved before it existed: read as still failing.
   */
  passingSince?: string;
  /**
   * The changes of its origins (host events, deploy marks) from 2 hours before it started and those that
   * arrived while it was open, oldest first, each scored; deploys whose gate failed within 30 minutes before
   * it started are here too, flagged, whatever their origins. At most 50. (attach-changes.ts)
   */
  changes?: AttachedChange[];
  /** likely causes, best first (rank-changes.ts): what the notification and the write-up lead with */
  likelyCauses?: RankedCause[];
  /** the likely cause the channels last heard; a different one found later is sent as `cause` */
  announcedCause?: string;
}

/** The failing side of an incident, taken from its targets while they fail. */
export interface FailureFacts {
  verdicts: Verdict[];
  layers: string[];
  summary: string;
  evidence: string[];
  hostnames: string[];
  origins: string[];
}

export type TransitionKind =
  | 'opened'
  | 'joined'
  | 'left'
  | 'rekeyed'
  | 'merged'
  | 'reminded'
  | 'flapping'
  | 'stabilized'
  | 'resolved'
  | 'held'
  | 'released'
  | 'explained';

/** One numbered step in an incident's life; (incidentId, number) is unique and keys its notification. */
export interface Transition {
  incidentId: string;
  number: number;
  at: string;
  kind: TransitionKind;
  /** one line for the timeline */
  detail: string;
  /** targets this transition added or removed, when it is about targets */
  targets?: string[];
  /** the cause key after this transition */
  cause: string;
}

/** `cause`: the likely cause of an announced incident was found (or changed) after its last message. */
export type NotificationKind =
  | 'opened'
  | 'widened'
  | 'reminder'
  | 'flapping'
  | 'resolved'
  | 'merged'
  | 'cause';

/** A change as a message lists it. */
export interface MessageChange {
  key: string;
  kind: 'host' | 'deploy';
  /** the host event's type, or 'deploy' */
  type: string;
  /** when it happened (ISO) */
  at: string;
  origins: string[];
  line: string;
  score: number;
}

/** Everything a person needs at 3 a.m., with no lookup. */
export interface IncidentMessage {
  id: string;
  title: string;
  status: IncidentStatus;
  cause: { key: string; code: CauseCode; summary: string; previousKeys: string[] };
  /** layers of the failing targets, e.g. "connect" */
  layer: string;
  verdicts: Verdict[];
  summary: string;
  evidence: string[];
  hostnames: string[];
  origins: string[];
  sites: string[];
  environments: string[];
  /** up to MESSAGE_TARGET_LIMIT targets; `targetCount` says how many there are */
  targets: Array<{ id: string; name: string; verdict: Verdict; summary: string }>;
  targetCount: number;
  since: string;
  resolvedAt?: string;
  locations: string[];
  /** set when fewer locations than the quorum see it: "seen from X only" (such an incident never pages) */
  seenFromOnly?: string[];
  flapping: boolean;
  /** set when the message was held by a maintenance window and sent at its end */
  maintenance?: string;
  /** the best-ranked likely cause in one line, when a change explains it */
  likelyCause?: string;
  /** the changes before it (and while open), oldest first: the likeliest causes' and the highest scored */
  changes?: MessageChange[];
  /** deploys whose gate failed within 30 minutes before it started */
  failedGates?: MessageChange[];
}

/** A message to send: one row per channel in the outbox, written with the transition that caused it. */
export interface IncidentNotification {
  type: 'incident';
  /** idempotency key: incident id + transition number; PagerDuty's dedup_key is the incident id */
  key: string;
  incidentId: string;
  transition: number;
  kind: NotificationKind;
  at: string;
  policy: string;
  channels: string[];
  severity: Severity;
  /** what this message is about, in one line ("widened from one target to the front door of web1") */
  detail: string;
  incident: IncidentMessage;
}

/** The cap on targets listed in a message; the count is always exact. */
export const MESSAGE_TARGET_LIMIT = 50;
