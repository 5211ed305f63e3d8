import type { TargetRound } from '../../incidents/round.js';
import type { WatchTarget } from '../../watch/plan-watch.js';

/** A configured target as `/api/v1/targets` lists it: what it is, how often, and its latest round. */
export function describeTarget(entry: WatchTarget, latest: TargetRound | undefined) {
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
    latest:
      latest === undefined
        ? null
        : {
            at: latest.at,
            reason: latest.reason,
            verdict: latest.result.verdict,
            layer: latest.result.layer,
            summary: latest.result.summary,
            status: latest.result.status,
            timings: latest.result.timings,
            burst: latest.result.burst ?? null,
          },
  };
}
