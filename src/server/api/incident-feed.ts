import type { IncidentDossier } from '../../incidents/incident-dossier.js';
import type { ChangeIncident, ChangeIncidentQuery } from '../../store/read-change-incidents.js';
import type { IncidentEntry } from '../../web/incident-entry.js';

/**
 * What the dashboard, the write-up route and the stream read of the daemon's incidents. The daemon's
 * incident wiring provides it; the routes depend on nothing else of it.
 */
export interface IncidentFeed {
  /** newest first */
  list(query: { state: 'open' | 'resolved' | 'all'; limit: number }): Promise<IncidentEntry[]>;
  dossier(id: string): Promise<IncidentDossier | undefined>;
  /** per change key (`host:ORIGIN#SEQUENCE`, `deploy:ID`): the incidents that carry it */
  changeIncidents(query: ChangeIncidentQuery): Promise<Map<string, ChangeIncident[]>>;
  /** called after every change to any incident (opened, joined, resolved, notified, delivered) */
  onChange(listener: () => void): () => void;
}
