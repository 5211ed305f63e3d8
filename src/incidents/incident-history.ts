import { composeMessage } from './compose-message.js';
import type { IncidentMessage, IncidentNotification, IncidentRecord, Transition } from './incident.js';
import type { StepResult } from './step.js';

/**
 * One incident's whole life as the engine told it: its last known record and message, every transition and
 * every notification. The engine's state lets an incident go once it resolves (it stays bounded); this is
 * what remains for the incident page and the write-up.
 */
export interface IncidentHistory {
  record: IncidentRecord;
  message: IncidentMessage;
  transitions: Transition[];
  notifications: IncidentNotification[];
}

/**
 * Folds one engine step into `histories` (keyed by incident id): new transitions and notifications are
 * appended, and every incident the step touched or still holds gets a fresh snapshot of its record and
 * message; an incident that left the state with a `resolved` transition keeps its last record, resolved.
 */
export function collectIncidentStep(histories: Map<string, IncidentHistory>, result: StepResult): void {
  const touched = new Set<string>();
  for (const transition of result.transitions) {
    touched.add(transition.incidentId);
    const history = historyOf(histories, result, transition.incidentId);
    if (history === undefined) continue;
    history.transitions.push(transition);
    if (transition.kind === 'resolved' && result.state.incidents[transition.incidentId] === undefined) {
      const record = structuredClone(history.record);
      record.status = 'resolved';
      record.resolvedAt = transition.at;
      record.members = [];
      history.record = record;
      history.message = composeMessage(record, result.state.targets);
    }
  }
  for (const notification of result.notifications) {
    const history = historyOf(histories, result, notification.incidentId);
    if (history === undefined) continue;
    history.notifications.push(notification);
    history.message = notification.incident;
  }
  for (const [id, record] of Object.entries(result.state.incidents)) {
    const history = historyOf(histories, result, id);
    if (history === undefined) continue;
    history.record = structuredClone(record);
    if (touched.has(id) || record.status === 'open') {
      const latestNotified = result.notifications.findLast((item) => item.incidentId === id);
      history.message = latestNotified?.incident ?? composeMessage(record, result.state.targets);
    }
  }
}

function historyOf(
  histories: Map<string, IncidentHistory>,
  result: StepResult,
  id: string,
): IncidentHistory | undefined {
  const known = histories.get(id);
  if (known !== undefined) return known;
  const record = result.state.incidents[id];
  if (record === undefined) return undefined;
  const history: IncidentHistory = {
    record: structuredClone(record),
    message: composeMessage(record, result.state.targets),
    transitions: [],
    notifications: [],
  };
  histories.set(id, history);
  return history;
}
