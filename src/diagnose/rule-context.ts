import type { Target } from '../config/target.js';
import type { ProbeObservation } from '../probe/observation.js';
import { describeEndpoint } from './response-facts.js';
import type { Diagnosis } from './verdict.js';

/** What one rule sees: one probe of one target, and what diagnose() learned around it. */
export interface RuleContext {
  target: Target;
  observation: ProbeObservation;
  /** the same address and SNI asked for Host "frontdoor-catch-all.invalid" */
  catchAll?: ProbeObservation | undefined;
  /**
   * The app is known to set the target's version header: a version is expected, or another answer of
   * the same burst carried it. Its absence then says the app did not write this answer.
   */
  appMarkerKnown: boolean;
  /**
   * the verdict on the same request over HTTP/1.1 (ProbeObservation.overHttp1), judged by the same rules,
   * when the probe failed in HTTP/2 and asked again
   */
  overHttp1?: Diagnosis | undefined;
}

/** A rule names a verdict when its evidence is present, and stays silent otherwise. */
export type Rule = (ctx: RuleContext) => Diagnosis | undefined;

/**
 * Whether the target is a configured site's public path, which the configuration says runs through a CDN
 * edge. A URL given on the command line takes the public path too, but nothing says an edge is on it: its
 * `via` is 'dns' (build-url-targets.ts).
 */
export function isThroughEdge(target: Target): boolean {
  return target.via === 'edge' && target.site !== undefined;
}

/**
 * Who is being asked, in an operator's words: "web1" for a pinned origin, "the edge" for a site's public
 * path, and for a URL from the command line the address it reached ("10.0.0.5:443"), since nothing says
 * what stands there.
 */
export function describeVia(ctx: RuleContext): string {
  const { target } = ctx;
  if (target.origin !== undefined) return target.origin;
  if (isThroughEdge(target)) return 'the edge';
  return describeEndpoint(ctx.observation);
}
