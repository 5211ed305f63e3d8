import type { Verdict } from '../diagnose/verdict.js';
import type { Timings } from '../probe/observation.js';
import type { MaintenanceWindow } from './engine-input.js';
import type { CauseCode, IncidentStatus, NotificationKind, Transition } from './incident.js';

/**
 * Everything known about one incident, gathered for the people who read about it afterwards: the incident
 * page and the drafted write-up are both renderings of this record (build-incident-dossier.ts builds it
 * from the engine's record, its transitions and notifications, and the affected targets' rounds).
 */
export interface IncidentDossier {
  id: string;
  policy: string;
  title: string;
  status: IncidentStatus;
  cause: { key: string; code: CauseCode; summary: string; previousKeys: string[] };
  /** layers its targets failed at over the whole incident, the notified ones first: "connect, edge" */
  layer: string;
  /** failing verdicts over the whole incident, the notified ones first */
  verdicts: Verdict[];
  summary: string;
  hostnames: string[];
  origins: string[];
  sites: string[];
  environments: string[];
  locations: string[];
  flapping: boolean;
  /** the first failing round of any affected target: when visitors started to fail */
  firstFailureAt: string;
  /** when the engine opened the incident: the failure confirmed and past its policy's threshold */
  openedAt: string;
  resolvedAt: string | null;
  targets: DossierTarget[];
  transitions: Transition[];
  notifications: DossierNotification[];
  /** windows that overlapped the incident and covered one of its targets */
  maintenance: MaintenanceWindow[];
  /** agent events and deploy marks on its origins from the 2 hours before it (none until agents report) */
  changes: DossierChange[];
  /** the engine's likely causes, best first: one line each ("nginx upgraded by unattended-upgrades ...") */
  likelyCauses: string[];
  /** the last failing observation, with its evidence */
  evidence: DossierObservation | null;
  /** requests the watch sent to the affected targets from the first failure to the end, and how many failed */
  requests: { total: number; failed: number };
}

export interface DossierTarget {
  id: string;
  name: string;
  hostname: string;
  via: string;
  site: string | null;
  origin: string | null;
  environment: string | null;
  firstFailureAt: string | null;
  /** its first passing round after its last failure */
  recoveredAt: string | null;
  /** failing verdicts it showed, in order of first appearance */
  verdicts: Verdict[];
  layer: string;
  /** the HTTP status of its last failing round, null when no answer came */
  status: number | null;
  requests: number;
  failedRequests: number;
}

export interface DossierObservation {
  targetId: string;
  target: string;
  url: string;
  connectTo: string | null;
  at: string;
  verdict: Verdict;
  layer: string;
  summary: string;
  evidence: string[];
  status: number | null;
  timings: Timings;
}

export type DeliveryOutcome = 'sent' | 'failed' | 'dead_lettered' | 'pending';

export interface DossierDelivery {
  channel: string;
  at: string;
  outcome: DeliveryOutcome;
  detail?: string;
}

export interface DossierNotification {
  key: string;
  kind: NotificationKind;
  at: string;
  detail: string;
  channels: string[];
  deliveries: DossierDelivery[];
}

export interface DossierChange {
  at: string;
  kind: 'agent' | 'deploy';
  origin?: string;
  summary: string;
}
