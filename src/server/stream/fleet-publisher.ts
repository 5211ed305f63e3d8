import { isPassingVerdict } from '../../diagnose/passing.js';
import type { RoundBatch, TargetRound } from '../../incidents/round.js';
import type { FleetCounts } from '../../web/count-fleet.js';
import type { LatestRound } from '../../web/fleet-target.js';
import { describeLatest } from '../api/describe-target.js';
import type { EventHub } from './event-hub.js';

/** What a `targets` event carries: the targets whose cell changed, and the fleet's counts after it. */
export interface TargetsEvent {
  targets: Array<{ id: string; latest: LatestRound }>;
  counts: FleetCounts;
}

export interface FleetPublisher {
  /** publishes the targets of `batch` whose cell changed (one `targets` event), if any did */
  publishBatch(batch: RoundBatch): void;
  /** forgets targets no longer configured */
  retain(ids: ReadonlySet<string>): void;
}

/**
 * Turns the watch's batches into `targets` events for the stream. Only a change of what a cell shows
 * is sent (verdict, layer, status, and a failing target's summary; an ok summary carries the round's
 * latency and changes every round): at 10,000 targets every 30 s a steady fleet sends nothing, and
 * an outage on one origin sends its targets once.
 */
export function createFleetPublisher(hub: EventHub, counts: () => FleetCounts): FleetPublisher {
  const shown = new Map<string, string>();
  return {
    publishBatch(batch) {
      const changed = new Map<string, TargetRound>();
      for (const round of batch.rounds) {
        const key = cellKey(round);
        if (shown.get(round.result.id) === key) continue;
        shown.set(round.result.id, key);
        changed.set(round.result.id, round);
      }
      if (changed.size === 0) return;
      const event: TargetsEvent = {
        targets: [...changed.values()].map((round) => ({
          id: round.result.id,
          latest: describeLatest(round),
        })),
        counts: counts(),
      };
      hub.publish('targets', event);
    },
    retain(ids) {
      for (const id of shown.keys()) if (!ids.has(id)) shown.delete(id);
    },
  };
}

function cellKey(round: TargetRound): string {
  const { verdict, layer, status, summary } = round.result;
  return `${verdict}|${layer}|${status ?? ''}|${isPassingVerdict(verdict) ? '' : summary}`;
}
