import type { HostEventFacts } from '../incidents/host-event.js';
import type { DriftState } from './host-snapshot.js';

/**
 * Pure: drift from the accepted baseline appearing (or changing again while drifted: another edit is
 * another event, with the diff against the baseline), and clearing, either because the files were
 * restored or because someone accepted the drift as the new baseline.
 */
export function detectDriftChanges(previous: DriftState | undefined, current: DriftState): HostEventFacts[] {
  if (previous === undefined) return [];
  if (current.status === 'drifted') {
    if (previous.status === 'drifted' && previous.sha256 === current.sha256) return [];
    return [
      {
        type: 'config_drift_appeared',
        config: current.config,
        sha256: current.sha256,
        baseline: current.baseline,
        changed: current.changed,
        added: current.added,
        removed: current.removed,
        diff: current.diff,
        diffTruncated: current.diffTruncated,
      },
    ];
  }
  if (current.status === 'ok' && previous.status === 'drifted') {
    return [
      {
        type: 'config_drift_cleared',
        config: current.config,
        sha256: current.sha256,
        baseline: current.baseline,
        how: current.baseline.sha256 === previous.baseline.sha256 ? 'restored' : 'baseline_accepted',
      },
    ];
  }
  return [];
}
