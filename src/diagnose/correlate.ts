import { findEdgeOnly } from './findings/edge-only.js';
import { findFleetWide } from './findings/fleet-wide.js';
import { findHostBindingMissing } from './findings/host-binding-missing.js';
import { findHttp2OnlyFailure } from './findings/http2-only-failure.js';
import { findOriginPartial } from './findings/origin-partial.js';
import { findSharedFrontDoorDown } from './findings/shared-front-door-down.js';
import type { TargetResult } from './target-result.js';
import type { Finding } from './verdict.js';

/**
 * Looks across one run's results for patterns no single result shows: one front door down for every
 * hostname, the same fault on several origins, an edge-only failure, a missing host binding, a partial
 * origin failure, an origin whose HTTP/2 alone is broken. Pure; findings come in that order, each naming
 * the targets it covers.
 */
export function correlate(results: TargetResult[]): Finding[] {
  return [
    ...findSharedFrontDoorDown(results),
    ...findFleetWide(results),
    ...findEdgeOnly(results),
    ...findHostBindingMissing(results),
    ...findOriginPartial(results),
    ...findHttp2OnlyFailure(results),
  ];
}
