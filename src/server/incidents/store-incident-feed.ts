import { buildIncidentDossier } from '../../incidents/build-incident-dossier.js';
import type { MaintenanceWindow } from '../../incidents/engine-input.js';
import { readChangeIncidents } from '../../store/read-change-incidents.js';
import { readIncidentHistory, readIncidentSnapshots } from '../../store/read-incident-history.js';
import { engineWindow, readMaintenanceBetween } from '../../store/read-maintenance.js';
import { readTargetRounds } from '../../store/read-target-rounds.js';
import type { Store } from '../../store/store.js';
import type { IncidentFeed } from '../api/incident-feed.js';
import { describeIncident } from './describe-incident.js';

/** How far before an incident opened its targets' rounds are read, to find where the failure began. */
const LOOK_BACK_MS = 3_600_000;

export interface StoreIncidentFeed extends IncidentFeed {
  /** an engine step changed incidents, or a delivery was attempted: tells the listeners */
  changed(): void;
}

/**
 * The daemon's incidents for the dashboard, the incident API and the write-up, read from the store the
 * engine writes (incidents, transitions, outbox, deliveries, maintenance): they survive restarts, and a
 * page shows what was actually sent and delivered.
 */
export function createStoreIncidentFeed(options: { store: Store; now: () => number }): StoreIncidentFeed {
  const { store } = options;
  const listeners = new Set<() => void>();
  return {
    async list(query) {
      const snapshots = await readIncidentSnapshots(store, query);
      return snapshots.map((snapshot) => describeIncident(snapshot));
    },
    async dossier(id) {
      const stored = await readIncidentHistory(store, id);
      if (stored === undefined) return undefined;
      const { record } = stored.history;
      const nowMs = options.now();
      const untilMs = record.resolvedAt === undefined ? nowMs : Date.parse(record.resolvedAt) + 60_000;
      const sinceMs = Date.parse(record.openedAt) - LOOK_BACK_MS;
      const rounds = await readTargetRounds(store, { targetIds: record.affected, sinceMs, untilMs });
      const windows: MaintenanceWindow[] = (await readMaintenanceBetween(store, sinceMs, untilMs)).map(
        engineWindow,
      );
      return buildIncidentDossier({
        history: stored.history,
        rounds,
        deliveries: stored.deliveries,
        windows,
        nowMs,
      });
    },
    changeIncidents: (query) => readChangeIncidents(store, query),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    changed() {
      for (const listener of listeners) listener();
    },
  };
}
