import type { TargetResult } from '../diagnose/target-result.js';
import type { Finding } from '../diagnose/verdict.js';

/**
 * The contract between the watch (which probes and stores) and the incident engine (which judges over
 * time). The watch writes exactly these shapes to its store and hands them to the engine; `frontdoor
 * replay FILE` reads one `RoundBatch` per JSON line. Fields may be added; none may be renamed.
 */

/**
 * Why a target was probed at this moment:
 * - `scheduled`: its regular turn (`watch.burst` requests on fresh connections);
 * - `confirmation`: at once after a scheduled round failed while the target's previous round had passed
 *   (or it had none): a burst of 5; only a confirmed failure counts towards `failure-threshold`;
 * - `sweep`: at the end of a maintenance window, every target in its scope gets a burst.
 */
export type ProbeReason = 'scheduled' | 'confirmation' | 'sweep';

/** One target's diagnosed probe (one burst) from one location. */
export interface TargetRound {
  /** ISO 8601 time the probe started */
  at: string;
  /** the probe node's `--location` name (`local` when a single node runs without one) */
  location: string;
  reason: ProbeReason;
  /** the same result `frontdoor check` builds: stable `id`, verdict, layer, summary, evidence, burst k of N */
  result: TargetResult;
}

/**
 * The rounds one location completed since its previous batch, with `correlate`'s findings over the
 * latest result of every target of that location at `at`. Batches of one location arrive in time order.
 */
export interface RoundBatch {
  type: 'rounds';
  /** ISO 8601 time the batch was closed */
  at: string;
  location: string;
  rounds: TargetRound[];
  findings: Finding[];
}
