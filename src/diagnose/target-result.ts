import type { Timings } from '../probe/observation.js';
import type { Layer, Verdict } from './verdict.js';

/**
 * One target's outcome in a run: the JSON contract of `frontdoor check --json` (DESIGN.md).
 * Fields may be added; the contract's names (target, url, connectTo, verdict, layer, summary, evidence,
 * status, timings) never change.
 */
export interface TargetResult {
  /** the target's stable id (Target.id): keys history, gaps and incidents */
  id: string;
  target: string;
  url: string;
  /** "10.0.0.11:443" when the connection was pinned to an origin, otherwise null */
  connectTo: string | null;
  verdict: Verdict;
  layer: Layer;
  summary: string;
  evidence: string[];
  /** HTTP status of the representative probe, null when no response arrived */
  status: number | null;
  timings: Timings;
  hostname: string;
  /** 'edge' or the origin name */
  via: string;
  site?: string;
  origin?: string;
  environment?: string;
  /** burst size and how many of its probes failed; absent for a single probe */
  burst?: { size: number; failed: number };
}

export interface CheckReport {
  ok: boolean;
  results: TargetResult[];
  findings: import('./verdict.js').Finding[];
}
