import type { TargetRound } from '../../incidents/round.js';
import type { WatchTarget } from '../../watch/plan-watch.js';
import type { FleetTarget, LatestRound } from '../../web/fleet-target.js';

/** A configured target as `/api/v1/targets` lists it: what it is, how often, and its latest round. */
export function describeTarget(entry: WatchTarget, latest: TargetRound | undefined): FleetTarget {
  const { target } = entry;
  return {
    id: target.id,
    name: target.name,
    url: target.url,
    hostname: target.hostname,
    via: target.via,
    site: target.site ?? null,
    origin: target.origin ?? null,
    environment: target.environment ?? null,
    intervalMs: entry.intervalMs,
    latest: latest === undefined ? null : describeLatest(latest),
  };
}

/** A round as the API and the stream show a target's latest. */
export function describeLatest(round: TargetRound): LatestRound {
  return {
    at: round.at,
    reason: round.reason,
    verdict: round.result.verdict,
    layer: round.result.layer,
    summary: round.result.summary,
    status: round.result.status,
    timings: round.result.timings,
    burst: round.result.burst ?? null,
  };
}
