import type { EngineState, TargetTrack } from '../incidents/engine-state.js';

type Views = EngineState['views'][string];

/**
 * A target's location views as engine_targets stores them: NULL when they hold nothing the track does not,
 * one view from the location the track came from, equal to it field by field (always so with one location,
 * and for most targets of several agreeing ones). The loader seeds exactly that view from the track
 * (upgradeEngineState), so nothing is lost, and a round no longer writes its target's track twice: the
 * track and its request window were serialised and stored once as the track and again as the view.
 */
export function storeViews(track: TargetTrack, views: Views | undefined): string | null {
  if (views === undefined) return '{}';
  return isSeedOnly(track, views) ? null : JSON.stringify(views);
}

function isSeedOnly(track: TargetTrack, views: Views): boolean {
  let count = 0;
  for (const location in views) {
    count += 1;
    if (count > 1 || location !== track.location) return false;
  }
  const view = views[track.location];
  return view !== undefined && sameTrack(view, track);
}

/** Field by field, by reference: the agreed track is the judged view spread, sharing its arrays and result. */
function sameTrack(a: TargetTrack, b: TargetTrack): boolean {
  return (
    a.id === b.id &&
    a.result === b.result &&
    a.at === b.at &&
    a.location === b.location &&
    a.state === b.state &&
    a.failures === b.failures &&
    a.successes === b.successes &&
    a.awaitingConfirmation === b.awaitingConfirmation &&
    a.failingSince === b.failingSince &&
    a.requests === b.requests &&
    a.streak === b.streak &&
    a.intermittent === b.intermittent &&
    Object.keys(a).length === Object.keys(b).length
  );
}
