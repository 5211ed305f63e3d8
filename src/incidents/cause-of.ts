import type { Finding, FindingCode } from '../diagnose/verdict.js';
import type { TargetTrack } from './engine-state.js';
import type { Cause, CauseCode } from './incident.js';

/**
 * How wide a cause is. A cause only ever widens an open incident (one target, then its origin, then the
 * fleet); a narrower finding later does not split it, so an incident never turns into twenty.
 */
export const CAUSE_RANK: Record<CauseCode, number> = {
  fleet_wide: 5,
  shared_front_door_down: 4,
  origin_partial: 3,
  http2_only_failure: 3,
  host_binding_missing: 2,
  edge_only: 2,
  target: 1,
  intermittent: 0,
  location_silent: 0,
};

/** Which of a finding's targets it is the cause of: some findings also list the passing targets they compared. */
function isCoveredBy(code: FindingCode, track: TargetTrack): boolean {
  switch (code) {
    case 'host_binding_missing':
      return track.result.verdict === 'host_not_routed';
    case 'edge_only':
      return track.result.via === 'edge';
    case 'shared_front_door_down':
    case 'fleet_wide':
    case 'origin_partial':
    case 'http2_only_failure':
      return true;
  }
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'unknown';
}

/** A finding as a cause, keyed by what it is about (the origin, the site, the verdict), never by its wording. */
export function causeFromFinding(finding: Finding, covered: readonly TargetTrack[]): Cause {
  const results = covered.map((track) => track.result);
  const origin = mostCommon(results.flatMap((result) => result.origin ?? []));
  const site = mostCommon(results.map((result) => result.site ?? result.hostname));
  const base = { code: finding.code, rank: CAUSE_RANK[finding.code], summary: finding.summary };
  switch (finding.code) {
    case 'shared_front_door_down':
      return { ...base, key: `shared_front_door_down:${origin}`, origin };
    case 'fleet_wide': {
      // correlate groups fleet_wide by verdict, so every covered target has the same one.
      const verdict = results[0]?.verdict ?? 'connect_refused';
      return { ...base, key: `fleet_wide:${verdict}`, verdict };
    }
    case 'origin_partial':
      return { ...base, key: `origin_partial:${site}`, site };
    case 'host_binding_missing':
      return { ...base, key: `host_binding_missing:${origin}/${site}`, origin, site };
    case 'edge_only':
      return { ...base, key: `edge_only:${site}`, site };
    case 'http2_only_failure':
      return { ...base, key: `http2_only_failure:${origin}`, origin };
  }
}

/** A target's own failure, when no finding covers it: keyed by target and verdict. */
export function ownCause(track: TargetTrack): Cause {
  const { result } = track;
  const cause: Cause = {
    key: `target:${track.id}:${result.verdict}`,
    code: 'target',
    rank: CAUSE_RANK.target,
    summary: result.summary,
    verdict: result.verdict,
  };
  if (result.origin !== undefined) cause.origin = result.origin;
  if (result.site !== undefined) cause.site = result.site;
  return cause;
}

/** A probe location that stopped reporting: the watch watching itself. */
export function locationCause(location: string, lastBatchAt: string): Cause {
  return {
    key: `location_silent:${location}`,
    code: 'location_silent',
    rank: CAUSE_RANK.location_silent,
    summary: `probe location ${location} has sent no results since ${lastBatchAt}`,
    location,
  };
}

export function intermittentCause(track: TargetTrack): Cause {
  const cause: Cause = {
    key: `intermittent:${track.id}`,
    code: 'intermittent',
    rank: CAUSE_RANK.intermittent,
    summary: track.result.summary,
    verdict: 'intermittent',
  };
  if (track.result.origin !== undefined) cause.origin = track.result.origin;
  if (track.result.site !== undefined) cause.site = track.result.site;
  return cause;
}

/**
 * The widest finding cause of each target the findings cover, down or still below its threshold: a
 * target through the edge that is down already takes the cause its origin targets are failing for.
 * Findings name targets by stable id; ids the engine has never seen (a replay that starts mid-stream) are
 * skipped.
 */
export function findingCauses(
  findings: readonly Finding[],
  tracks: Record<string, TargetTrack>,
): Map<string, Cause> {
  const causes = new Map<string, Cause>();
  for (const finding of findings) {
    const covered = finding.targetIds
      .map((id) => tracks[id])
      .filter((track): track is TargetTrack => track !== undefined && isCoveredBy(finding.code, track));
    if (covered.length === 0) continue;
    const cause = causeFromFinding(finding, covered);
    for (const track of covered) {
      const current = causes.get(track.id);
      if (current === undefined || cause.rank > current.rank) causes.set(track.id, cause);
    }
  }
  return causes;
}
