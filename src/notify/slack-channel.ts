import type { SlackChannelConfig } from '../config/alerts-config.js';
import { type Channel, deliverHttp, firstLine, USER_AGENT } from './channel.js';
import { classifyHttpStatus, type DeliveryOutcome } from './delivery-outcome.js';
import { urlSecrets } from './redact.js';
import { buildSlackPayload } from './slack-blocks.js';

/**
 * Slack incoming webhook (api.slack.com/messaging/webhooks): 200 "ok"; 400 invalid_payload or
 * invalid_blocks, 403 action_prohibited, 404 no_service or channel_not_found, 410 channel_is_archived are
 * permanent; 429 (with Retry-After) and 5xx are retried. Slack's error string is the body.
 */
export function classifySlackAnswer(
  status: number,
  body: string,
  retryAfter: string | undefined,
  now: number,
): DeliveryOutcome {
  return classifyHttpStatus(status, retryAfter, now, `from Slack: ${firstLine(body)}`);
}

export function createSlackChannel(config: SlackChannelConfig): Channel {
  const secrets = urlSecrets(config.webhook);
  return {
    name: config.name,
    type: 'slack',
    secrets,
    deliver(message, context) {
      return deliverHttp({
        url: config.webhook,
        body: JSON.stringify(buildSlackPayload(message)),
        headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
        timeoutMs: config.timeoutMs,
        secrets,
        now: context.now,
        classify: (status, body, retryAfter) => classifySlackAnswer(status, body, retryAfter, context.now),
      });
    },
  };
}
