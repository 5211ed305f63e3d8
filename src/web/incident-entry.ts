import type { CauseCode, IncidentStatus } from '../incidents/incident.js';

/**
 * An incident as lists and banners show it: built from the engine's IncidentRecord and the message it
 * composes (src/incidents), so the banner says what the pager said.
 */
export interface IncidentEntry {
  id: string;
  title: string;
  status: IncidentStatus;
  policy: string;
  cause: { key: string; code: CauseCode };
  /** layers of the failing targets, e.g. "connect" */
  layer: string;
  verdicts: string[];
  origins: string[];
  hostnames: string[];
  targetCount: number;
  /** ISO 8601 */
  openedAt: string;
  resolvedAt: string | null;
  flapping: boolean;
}
