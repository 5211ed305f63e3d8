import type { IncidentNotification } from '../incidents/incident.js';
import type { Outbound } from './outbound.js';
import type { NewOutboxRow } from './outbox-store.js';

/** How long a message is tried before it is dead-lettered (WATCH.md: up to 24 hours). */
export const DELIVERY_DEADLINE_MS = 24 * 3_600_000;

/** One row per channel; the store writes them in the transaction that records the notification's transition. */
export function outboxRowsFor(
  message: Outbound,
  channels: readonly string[],
  createdAt: number,
): NewOutboxRow[] {
  return channels.map((channel) => ({
    id: `${message.key}/${channel}`,
    key: message.key,
    channel,
    message,
    createdAt,
    deadline: createdAt + DELIVERY_DEADLINE_MS,
  }));
}

/** The rows an engine notification becomes: one for each channel of its policy. */
export function rowsForNotification(notification: IncidentNotification, createdAt: number): NewOutboxRow[] {
  return outboxRowsFor(notification, notification.channels, createdAt);
}
