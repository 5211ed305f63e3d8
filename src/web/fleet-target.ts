import type { Layer, Verdict } from '../diagnose/verdict.js';
import type { ProbeReason } from '../incidents/round.js';
import type { Timings } from '../probe/observation.js';

/** A target's latest round as the API lists it and the stream sends it. */
export interface LatestRound {
  at: string;
  reason: ProbeReason;
  verdict: Verdict;
  layer: Layer;
  summary: string;
  status: number | null;
  timings: Timings;
  burst: { size: number; failed: number } | null;
}

/** One entry of `GET /api/v1/targets`: what the target is, how often, and its latest round. */
export interface FleetTarget {
  id: string;
  name: string;
  url: string;
  hostname: string;
  /** 'edge' or the origin's name */
  via: string;
  site: string | null;
  origin: string | null;
  environment: string | null;
  intervalMs: number;
  latest: LatestRound | null;
}
