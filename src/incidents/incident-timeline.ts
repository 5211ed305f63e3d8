import type { TransitionKind } from './incident.js';
import type { IncidentDossier } from './incident-dossier.js';

export type TimelineKind =
  | 'first_failure'
  | 'transition'
  | 'notification'
  | 'delivery'
  | 'maintenance'
  | 'change'
  | 'recovered';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  text: string;
}

const TRANSITION_WORDS: Partial<Record<TransitionKind, string>> = {
  opened: 'confirmed and opened',
  flapping: 'opened as flapping',
  rekeyed: 'cause widened',
  merged: 'merged',
  reminded: 'reminder due',
  stabilized: 'stable again',
  held: 'held by maintenance',
  released: 'released after maintenance',
};

/**
 * The incident's story in time order, for its page and its write-up: the first failure, the engine's
 * transitions (confirmation, targets joining and recovering, widening, resolution), every notification and
 * each delivery attempt, maintenance windows starting and ending, and the changes on its origins (agent
 * events, deploys). Entries at the same moment keep that order.
 */
export function buildIncidentTimeline(dossier: IncidentDossier): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const first = dossier.targets
    .filter((target) => target.firstFailureAt === dossier.firstFailureAt)
    .map((target) => `${target.name} (${target.verdicts[0] ?? 'failing'})`);
  entries.push({
    at: dossier.firstFailureAt,
    kind: 'first_failure',
    text: `first failure: ${first.length > 0 ? listSome(first) : dossier.title}`,
  });
  for (const change of dossier.changes) {
    entries.push({
      at: change.at,
      kind: 'change',
      text: `${change.kind === 'deploy' ? 'deploy' : 'host change'}${change.origin === undefined ? '' : ` on ${change.origin}`}: ${change.summary}`,
    });
  }
  for (const window of dossier.maintenance) {
    const what = `maintenance window ${window.name}${window.reason === undefined ? '' : ` (${window.reason})`}`;
    entries.push({ at: window.startsAt, kind: 'maintenance', text: `${what} started` });
    entries.push({ at: window.endsAt, kind: 'maintenance', text: `${what} ended` });
  }
  for (const transition of dossier.transitions) {
    const words = TRANSITION_WORDS[transition.kind];
    const kind: TimelineKind = transition.kind === 'resolved' ? 'recovered' : 'transition';
    entries.push({
      at: transition.at,
      kind,
      text: words === undefined ? transition.detail : `${words}: ${stripLead(transition.detail)}`,
    });
  }
  for (const notification of dossier.notifications) {
    entries.push({
      at: notification.at,
      kind: 'notification',
      text:
        notification.channels.length === 0
          ? `notification (${notification.kind}): no notification channel is configured`
          : `notification (${notification.kind}) to ${notification.channels.join(', ')}`,
    });
    for (const delivery of notification.deliveries) {
      const outcome =
        delivery.outcome === 'sent'
          ? 'delivered'
          : delivery.outcome === 'dead_lettered'
            ? 'gave up (dead-lettered)'
            : delivery.outcome === 'failed'
              ? 'failed, will retry'
              : 'waiting to be sent';
      entries.push({
        at: delivery.at,
        kind: 'delivery',
        text: `${delivery.channel}: ${outcome}${delivery.detail === undefined ? '' : ` (${delivery.detail})`}`,
      });
    }
  }
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => Date.parse(a.entry.at) - Date.parse(b.entry.at) || a.index - b.index)
    .map(({ entry }) => entry);
}

/** "opened: a, b" -> "a, b": the timeline names the step itself. */
function stripLead(detail: string): string {
  const colon = detail.indexOf(': ');
  return colon > 0 && colon < 20 ? detail.slice(colon + 2) : detail;
}

function listSome(names: readonly string[]): string {
  return names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
