import type { AlertmanagerChannelConfig } from '../config/alerts-config.js';
import { type Channel, deliverHttp, USER_AGENT } from './channel.js';
import { dedupKeyOf, type Outbound } from './outbound.js';
import { headerSecrets, urlSecrets } from './redact.js';
import { renderText } from './render-message.js';

/**
 * One alert for Alertmanager's API v2 (`POST /api/v2/alerts`). Labels identify the alert and must not
 * change over its life, so they are the incident, its policy and severity; the rest is annotations. A
 * firing alert ends `ttlMs` after it is sent unless a later message renews it; a resolution ends it now.
 */
export function buildAlertmanagerAlert(message: Outbound, now: number, ttlMs: number) {
  if (message.type === 'channel_failed') {
    return {
      labels: {
        alertname: 'FrontdoorChannelFailed',
        channel: message.channel,
        severity: 'warning',
        policy: message.policy,
      },
      annotations: {
        summary: renderText(message).split('\n')[0] ?? '',
        description: renderText(message),
        idempotency_key: message.key,
      },
      startsAt: message.since,
      endsAt: new Date(now + ttlMs).toISOString(),
    };
  }
  const { incident } = message;
  const ended = message.kind === 'resolved' || message.kind === 'merged';
  return {
    labels: {
      alertname: 'FrontdoorIncident',
      incident: dedupKeyOf(message),
      policy: message.policy,
      severity: message.severity,
    },
    annotations: {
      summary: incident.title,
      description: renderText(message),
      cause: incident.cause.key,
      layer: incident.layer,
      hostnames: incident.hostnames.join(', '),
      origins: incident.origins.join(', '),
      since: incident.since,
      seen_from: incident.locations.join(', '),
      idempotency_key: message.key,
      ...(incident.likelyCause === undefined ? {} : { likely_cause: incident.likelyCause }),
    },
    startsAt: incident.since,
    endsAt: ended
      ? (incident.resolvedAt ?? new Date(now).toISOString())
      : new Date(now + ttlMs).toISOString(),
  };
}

export function createAlertmanagerChannel(config: AlertmanagerChannelConfig): Channel {
  const secrets = [...urlSecrets(config.url), ...headerSecrets(config.headers)];
  const endpoint = new URL('api/v2/alerts', config.url.endsWith('/') ? config.url : `${config.url}/`).href;
  return {
    name: config.name,
    type: 'alertmanager',
    secrets,
    deliver(message, context) {
      return deliverHttp({
        url: endpoint,
        body: JSON.stringify([buildAlertmanagerAlert(message, context.now, config.ttlMs)]),
        headers: { ...config.headers, 'content-type': 'application/json', 'user-agent': USER_AGENT },
        timeoutMs: config.timeoutMs,
        secrets,
        now: context.now,
      });
    },
  };
}
