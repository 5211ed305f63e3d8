import type { IncidentHistory } from '../../incidents/incident-history.js';
import type { IncidentEntry } from '../../web/incident-entry.js';

/** An incident as lists and banners show it: its record and the message the pager got. */
export function describeIncident(history: Pick<IncidentHistory, 'record' | 'message'>): IncidentEntry {
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
