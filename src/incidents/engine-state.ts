import type { Layer, Verdict } from '../diagnose/verdict.js';
import type { DeployChange, HostChange } from './change.js';
import type { MaintenanceWindow } from './engine-input.js';
import type { IncidentRecord } from './incident.js';

/** What the engine keeps of a target's latest result: enough to write a message, nothing per request. */
export interface TrackedResult {
  name: string;
  verdict: Verdict;
  layer: Layer;
  summary: string;
  evidence: string[];
  hostname: string;
  via: string;
  site?: string;
  origin?: string;
  environment?: string;
}

/** One round's requests for the intermittent window: [at (ms), requests, failed]. */
export type RequestSample = [number, number, number];

/** A target's judgement over time, Gatus-style counters plus the confirmation step and the request window. */
export interface TargetTrack {
  id: string;
  result: TrackedResult;
  /** ISO time of its latest round */
  at: string;
  location: string;
  state: 'up' | 'down';
  /** confirmed failing rounds in a row */
  failures: number;
  /** passing rounds in a row */
  successes: number;
  /** a scheduled round failed after a pass: it counts once the confirmation burst fails too */
  awaitingConfirmation: boolean;
  /** first failing round of the current failing streak, confirmed or not */
  failingSince: string | null;
  /** the intermittent window: scheduled rounds' requests while up */
  requests: RequestSample[];
  /**
   * Wholly failed scheduled rounds of the current failing streak: they join the window only if the streak
   * ends in a pass (a blip), since the first rounds of an outage are not an intermittent share.
   */
  streak: RequestSample[];
  intermittent: boolean;
}

/** A probe location as the engine knows it: when it last reported, so its silence is noticed. */
export interface LocationTrack {
  /** ISO time of its latest batch */
  lastBatchAt: string;
}

/**
 * The engine's whole memory. Plain JSON (no Map, no Date), versioned, bounded: request windows are capped,
 * resolved incidents leave once nothing is held, cycle histories keep 30 minutes. Designed to be persisted
 * as one snapshot in the transaction that writes the step's transitions and outbox rows; replaying the
 * stored inputs from an empty state rebuilds the same state, since step() is deterministic.
 */
export interface EngineState {
  version: 2;
  /** time of the latest input */
  at: string | null;
  /**
   * Each target as the locations agree on it: `state` is down once a quorum of reporting locations sees it
   * down (quorum.ts). With one location this is that location's own view.
   */
  targets: Record<string, TargetTrack>;
  /** target id -> location -> that location's own judgement (its thresholds, confirmations, window) */
  views: Record<string, Record<string, TargetTrack>>;
  /** every location heard from, by `--location` name */
  locations: Record<string, LocationTrack>;
  incidents: Record<string, IncidentRecord>;
  /** `${policy}|${causeKey}` -> ISO times of its recent resolutions, for flapping */
  cycles: Record<string, string[]>;
  windows: Record<string, MaintenanceWindow>;
  /**
   * Host changes of the last hours by origin, and deploy marks, for incidents that open after them
   * (attach-changes.ts). Absent in a state saved before they existed: read as empty.
   */
  changes?: Record<string, HostChange[]>;
  deploys?: DeployChange[];
}

export function createEngineState(): EngineState {
  return {
    version: 2,
    at: null,
    targets: {},
    views: {},
    locations: {},
    incidents: {},
    cycles: {},
    windows: {},
    changes: {},
    deploys: [],
  };
}

/** What version 1 kept: one judgement per target, whichever location its rounds came from. */
export type EngineStateV1 = Omit<EngineState, 'version' | 'views' | 'locations'> & { version: 1 };

/**
 * A persisted state of either version as the current one. Version 1 had one location's view per target:
 * it becomes that location's view, and each location is taken as last heard from at its newest round.
 */
export function upgradeEngineState(state: EngineState | EngineStateV1): EngineState {
  if (state.version === 2) return state;
  const views: EngineState['views'] = {};
  const locations: EngineState['locations'] = {};
  for (const [id, track] of Object.entries(state.targets)) {
    views[id] = { [track.location]: track };
    const known = locations[track.location];
    if (known === undefined || known.lastBatchAt < track.at)
      locations[track.location] = { lastBatchAt: track.at };
  }
  return { ...state, version: 2, views, locations };
}
