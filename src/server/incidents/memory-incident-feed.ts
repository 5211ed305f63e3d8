import { buildIncidentDossier } from '../../incidents/build-incident-dossier.js';
import type { EngineSettings } from '../../incidents/engine-settings.js';
import { createEngineState, type EngineState } from '../../incidents/engine-state.js';
import { collectIncidentStep, type IncidentHistory } from '../../incidents/incident-history.js';
import type { RoundBatch } from '../../incidents/round.js';
import { step } from '../../incidents/step.js';
import type { Logger } from '../../log/logger.js';
import { readTargetRounds } from '../../store/read-target-rounds.js';
import type { Store } from '../../store/store.js';
import type { IncidentEntry } from '../../web/incident-entry.js';
import type { IncidentFeed } from '../api/incident-feed.js';

/** Resolved incidents kept for the pages; the oldest go first. */
const KEEP_RESOLVED = 200;
/** How far before an incident opened its targets' rounds are read, to find where the failure began. */
const LOOK_BACK_MS = 3_600_000;

export interface MemoryIncidentFeed extends IncidentFeed {
  /** runs the engine over one committed batch */
  consume(batch: RoundBatch): void;
}

export interface MemoryIncidentFeedOptions {
  store: Store;
  /** asked at every batch, so a reload's policies apply at once */
  settings: () => EngineSettings;
  logger: Logger;
  now: () => number;
}

/**
 * The incident engine run in memory over the batches the store committed, for the dashboard, the
 * incident API and the write-up. It is the stand-in until the daemon persists the engine's state,
 * transitions and outbox in the store (issue 16), which then provides the same IncidentFeed; until then
 * incidents start afresh at every start and nothing is notified from here.
 */
export function createMemoryIncidentFeed(options: MemoryIncidentFeedOptions): MemoryIncidentFeed {
  let state: EngineState = createEngineState();
  const histories = new Map<string, IncidentHistory>();
  const listeners = new Set<() => void>();

  const forgetOldResolved = () => {
    const resolved = [...histories.values()]
      .filter((history) => history.record.status === 'resolved')
      .sort((a, b) => Date.parse(a.record.resolvedAt ?? '') - Date.parse(b.record.resolvedAt ?? ''));
    for (const history of resolved.slice(0, Math.max(0, resolved.length - KEEP_RESOLVED))) {
      histories.delete(history.record.id);
    }
  };

  return {
    consume(batch) {
      try {
        const result = step(state, batch, options.settings());
        state = result.state;
        if (result.transitions.length === 0 && result.notifications.length === 0) return;
        collectIncidentStep(histories, result);
        forgetOldResolved();
      } catch (error) {
        options.logger.error(
          { reason: error instanceof Error ? error.message : String(error) },
          'incidents: the engine failed on a batch; it is skipped',
        );
        return;
      }
      for (const listener of listeners) listener();
    },
    async list({ state: wanted, limit }) {
      return [...histories.values()]
        .filter((history) => wanted === 'all' || history.record.status === wanted)
        .sort((a, b) => Date.parse(b.record.openedAt) - Date.parse(a.record.openedAt))
        .slice(0, limit)
        .map(describeIncident);
    },
    async dossier(id) {
      const history = histories.get(id);
      if (history === undefined) return undefined;
      const nowMs = options.now();
      const untilMs =
        history.record.resolvedAt === undefined ? nowMs : Date.parse(history.record.resolvedAt) + 60_000;
      const rounds = await readTargetRounds(options.store, {
        targetIds: history.record.affected,
        sinceMs: Date.parse(history.record.openedAt) - LOOK_BACK_MS,
        untilMs,
      });
      return buildIncidentDossier({ history, rounds, nowMs });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** An incident as lists and banners show it. */
export function describeIncident(history: IncidentHistory): IncidentEntry {
  const { record, message } = history;
  return {
    id: record.id,
    title: message.title,
    status: record.status,
    policy: record.policy,
    cause: { key: record.cause.key, code: record.cause.code },
    layer: message.layer,
    verdicts: [...message.verdicts],
    origins: [...message.origins],
    hostnames: [...message.hostnames],
    targetCount: record.affected.length,
    openedAt: record.openedAt,
    resolvedAt: record.resolvedAt ?? null,
    flapping: record.flapping,
  };
}
