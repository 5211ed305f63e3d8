import type { ChannelType, Severity } from '../config/alerts-config.js';
import type { IncidentNotification } from '../incidents/incident.js';

/**
 * "Channel X has failed since T": what the outbox sender announces on the other channels of a policy when
 * a notification to X is dead-lettered. One per channel per run of failures (its key says which).
 */
export interface ChannelFailedNotice {
  type: 'channel_failed';
  key: string;
  /** the failing channel */
  channel: string;
  channelType: ChannelType;
  /** ISO time of the first failed attempt of this run of failures */
  since: string;
  at: string;
  policy: string;
  severity: Severity;
  /** the last failure, with every secret already taken out */
  lastError: string;
  /** the idempotency key of the notification that was given up on */
  deadLetter: string;
}

/** Everything a channel delivers. */
export type Outbound = IncidentNotification | ChannelFailedNotice;

/** The incident id a message belongs to (PagerDuty's dedup_key, Alertmanager's label). */
export function dedupKeyOf(message: Outbound): string {
  return message.type === 'incident' ? message.incidentId : `frontdoor-channel-${message.channel}`;
}
