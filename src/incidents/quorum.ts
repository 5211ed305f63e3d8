import { isPassingVerdict } from '../diagnose/passing.js';
import type { LocationSettings } from './engine-settings.js';
import type { EngineState, TargetTrack } from './engine-state.js';

/** Who counts at one step: the locations that reported recently, and how many of them must agree. */
export interface Quorum {
  /** location names, sorted */
  reporting: string[];
  needed: number;
}

/**
 * The quorum at `atMs`: the locations whose latest batch is at most `reportingMs` old, and `watch.quorum`
 * of them, or else a majority. A fixed quorum larger than the locations reporting cannot be met: outages
 * are then recorded as seen from too few locations, and the silent locations are incidents of their own.
 */
export function quorumAt(state: EngineState, settings: LocationSettings, atMs: number): Quorum {
  const reporting = Object.entries(state.locations)
    .filter(([, track]) => atMs - Date.parse(track.lastBatchAt) <= settings.reportingMs)
    .map(([name]) => name)
    .sort();
  const needed = settings.quorum === 'majority' ? Math.floor(reporting.length / 2) + 1 : settings.quorum;
  return { reporting, needed };
}

/** The reporting locations' own judgements of a target. */
export function reportingViews(
  views: Readonly<Record<string, TargetTrack>> | undefined,
  quorum: Quorum,
): Array<[string, TargetTrack]> {
  return quorum.reporting.flatMap((location) => {
    const view = views?.[location];
    return view === undefined ? [] : [[location, view] as [string, TargetTrack]];
  });
}

export interface Agreement {
  track: TargetTrack;
  change: 'went_down' | 'came_up' | null;
  intermittent: 'opened' | 'closed' | null;
}

/**
 * A target as the locations agree on it, after `judged` (the view of the location whose round just came
 * in) changed. A transition needs the quorum: up to down when `needed` reporting locations see it down,
 * back up when `needed` see it up; short of either, it stays as it was. The same holds for intermittent.
 * The agreed track is the judged view with the agreed state; while down, it keeps a failing result from a
 * location that still sees one, so the incident's message says what fails. With one location this is
 * exactly that location's own judgement.
 */
export function agreeOnTarget(
  previous: TargetTrack | undefined,
  judged: TargetTrack,
  views: Readonly<Record<string, TargetTrack>>,
  quorum: Quorum,
): Agreement {
  const reporting = reportingViews(views, quorum).map(([, view]) => view);
  const count = (test: (view: TargetTrack) => boolean) => reporting.filter(test).length;
  const wasDown = (previous?.state ?? 'up') === 'down';
  const down = wasDown
    ? count((view) => view.state === 'up') < quorum.needed
    : count((view) => view.state === 'down') >= quorum.needed;
  const wasIntermittent = previous?.intermittent ?? false;
  const intermittent = wasIntermittent
    ? count((view) => !view.intermittent) < quorum.needed
    : count((view) => view.intermittent) >= quorum.needed;
  const track: TargetTrack = { ...judged, state: down ? 'down' : 'up', intermittent };
  if (down && isPassingVerdict(judged.result.verdict)) {
    const failing = reporting.find((view) => view !== judged && !isPassingVerdict(view.result.verdict));
    if (failing !== undefined) track.result = failing.result;
  }
  return {
    track,
    change: wasDown === down ? null : down ? 'went_down' : 'came_up',
    intermittent: wasIntermittent === intermittent ? null : intermittent ? 'opened' : 'closed',
  };
}

/**
 * The reporting locations that see a target down while the locations as a whole do not (yet): the
 * "seen from X only" of a failure below the quorum. A location counts while its own view is down and its
 * latest round there failed: one still counting its passes after an outage the others already call over
 * is recovering, not seeing a failure of its own. Empty when the target is agreed down or nobody sees it.
 */
export function seenFromOnly(
  agreed: TargetTrack | undefined,
  views: Readonly<Record<string, TargetTrack>> | undefined,
  quorum: Quorum,
): readonly string[] {
  if (agreed === undefined || agreed.state === 'down' || views === undefined) return NOBODY;
  // Asked for every target on every batch (partial-sightings.ts): no array is made unless one sees it fail.
  let locations: string[] | undefined;
  for (const location of quorum.reporting) {
    const view = views[location];
    if (view !== undefined && view.state === 'down' && !isPassingVerdict(view.result.verdict)) {
      locations ??= [];
      locations.push(location);
    }
  }
  return locations ?? NOBODY;
}

const NOBODY: readonly string[] = Object.freeze([]);
