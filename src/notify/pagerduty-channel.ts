import type { PagerdutyChannelConfig } from '../config/alerts-config.js';
import { type Channel, deliverHttp, firstLine, USER_AGENT } from './channel.js';
import { classifyHttpStatus, type DeliveryOutcome } from './delivery-outcome.js';
import { dedupKeyOf, type Outbound } from './outbound.js';
import { renderSubject } from './render-message.js';
import { truncate } from './slack-blocks.js';

export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';

/** Opening, widening, reminding and flapping update the one alert (same dedup_key); the end resolves it. */
export function pagerDutyActionOf(message: Outbound): PagerDutyAction {
  if (message.type === 'channel_failed') return 'trigger';
  return message.kind === 'resolved' || message.kind === 'merged' ? 'resolve' : 'trigger';
}

/**
 * An Events API v2 event (developer.pagerduty.com, "Send an Alert Event"): `dedup_key` is the incident id,
 * so a retry, a restart or a second node never opens a second alert; summary at most 1024 characters.
 */
export function buildPagerDutyEvent(
  routingKey: string,
  message: Outbound,
  action = pagerDutyActionOf(message),
) {
  const event: Record<string, unknown> = {
    routing_key: routingKey,
    event_action: action,
    dedup_key: truncate(dedupKeyOf(message), 255),
  };
  if (action !== 'trigger') return event;
  if (message.type === 'channel_failed') {
    event.payload = {
      summary: truncate(renderSubject(message), 1024),
      source: `frontdoor channel ${message.channel}`,
      severity: 'warning',
      timestamp: message.at,
      class: 'channel_failed',
      custom_details: {
        channel: message.channel,
        since: message.since,
        last_error: message.lastError,
        key: message.key,
      },
    };
    return event;
  }
  const { incident } = message;
  event.payload = {
    // The line a phone shows: the likely cause belongs in it.
    summary: truncate(
      `${renderSubject(message).replace(/^\[frontdoor\] /, '')}${incident.likelyCause === undefined ? '' : `; likely cause: ${incident.likelyCause}`}`,
      1024,
    ),
    source: incident.origins[0] ?? incident.hostnames[0] ?? 'frontdoor',
    severity: message.severity,
    timestamp: message.at,
    component: incident.layer,
    group: incident.origins.join(',') || 'edge',
    class: incident.cause.code,
    custom_details: {
      cause: incident.cause.key,
      summary: incident.summary,
      hostnames: incident.hostnames,
      origins: incident.origins,
      since: incident.since,
      seen_from: incident.locations,
      evidence: incident.evidence,
      targets: incident.targetCount,
      idempotency_key: message.key,
      ...(incident.maintenance === undefined ? {} : { maintenance: incident.maintenance }),
      ...(incident.likelyCause === undefined ? {} : { likely_cause: incident.likelyCause }),
      ...((incident.changes ?? []).length === 0
        ? {}
        : { changes: (incident.changes ?? []).map((change) => `${change.at} ${change.line}`) }),
    },
  };
  event.client = 'frontdoor';
  return event;
}

/** 202 accepted; 400 is an invalid event, which no retry can fix; 429 and 5xx are retried. */
export function classifyPagerDutyAnswer(
  status: number,
  body: string,
  retryAfter: string | undefined,
  now: number,
): DeliveryOutcome {
  if (status === 202 || status === 200) return { ok: true, status, detail: `${status}` };
  return classifyHttpStatus(status, retryAfter, now, `from PagerDuty: ${firstLine(body)}`);
}

export function createPagerDutyChannel(config: PagerdutyChannelConfig): Channel {
  const secrets = [config.routingKey];
  return {
    name: config.name,
    type: 'pagerduty',
    secrets,
    deliver(message, context) {
      return deliverHttp({
        url: config.url,
        body: JSON.stringify(buildPagerDutyEvent(config.routingKey, message)),
        headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
        timeoutMs: config.timeoutMs,
        secrets,
        now: context.now,
        classify: (status, body, retryAfter) =>
          classifyPagerDutyAnswer(status, body, retryAfter, context.now),
      });
    },
  };
}
