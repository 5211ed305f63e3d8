import type { DeployMark } from './deploy-mark.js';
import type { HostEvent } from './host-event.js';

/**
 * A change the engine knows of: one host event an agent reported, or one deploy mark. The engine keeps
 * them (bounded, `trimChange`) in its state for 2 hours and copies those of an incident's origins into the
 * incident's record, where they stay with it for its write-up.
 */
export type Change = HostChange | DeployChange;

export interface HostChange {
  kind: 'host';
  /** `host:ORIGIN#SEQUENCE`: unique, and the same everywhere (timeline, record, replay) */
  key: string;
  /** when the change happened, as well as it is known: apt's log time, the restart's start, else observedAt */
  at: string;
  /** describeHostEvent's line */
  line: string;
  /** the event, with its diff and output cut short (the timeline API has them whole) */
  event: HostEvent;
}

export interface DeployChange {
  kind: 'deploy';
  /** `deploy:ID` (the store's id) */
  key: string;
  /** when the deploy ended, i.e. when its gate was decided */
  at: string;
  line: string;
  /** the mark with at most 20 targets, the failing ones first (it can list 1,000) */
  mark: DeployMark;
}

/** A change as attached to one incident: how much it looks like the cause of that incident. */
export type AttachedChange = Change & {
  /** rank-changes.ts: 0 for context that is never a cause (an agent starting, a socket coming back) */
  score: number;
  /** a deploy whose gate failed within 30 minutes before the incident started */
  failedGate?: boolean;
};

/** One likely cause: a chain of changes that explain each other, its one line and its score. */
export interface RankedCause {
  /** "nginx restarted by unattended-upgrades 06:11:04, then :443 held by openvpn pid 812" */
  headline: string;
  score: number;
  /** keys of its changes, the earliest first */
  changes: string[];
}
