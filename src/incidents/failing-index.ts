import { isPassingVerdict } from '../diagnose/passing.js';
import type { TargetTrack } from './engine-state.js';

/**
 * The ids of the tracks whose latest verdict fails, for one targets record. Derived, never stored: the
 * engine looks for failing siblings on every batch, and enumerating 10,000 tracks for it cost ~6 ms, so
 * the one holder of a state (advance()) keeps this index from step to step and updates it with the
 * tracks a step touched.
 */
export interface FailingIndex {
  /** the record this index was built for: an index for another record is rebuilt, never trusted */
  of: Record<string, TargetTrack>;
  ids: Set<string>;
}

export function indexFailing(targets: Record<string, TargetTrack>): FailingIndex {
  const ids = new Set<string>();
  for (const id in targets) {
    const track = targets[id];
    if (track !== undefined && !isPassingVerdict(track.result.verdict)) ids.add(id);
  }
  return { of: targets, ids };
}

/** Brings the index up to date for targets whose track was replaced or removed. */
export function updateFailing(index: FailingIndex, touched: Iterable<string>): void {
  for (const id of touched) {
    const track = index.of[id];
    if (track !== undefined && !isPassingVerdict(track.result.verdict)) index.ids.add(id);
    else index.ids.delete(id);
  }
}

/**
 * The failing tracks in id order: the same order whatever order the tracks were added in, so a state
 * restored from the store judges exactly as the one that was saved.
 */
export function failingTracks(index: FailingIndex): TargetTrack[] {
  return [...index.ids]
    .sort()
    .map((id) => index.of[id])
    .filter((track): track is TargetTrack => track !== undefined);
}
