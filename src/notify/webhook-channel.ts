import { createHmac } from 'node:crypto';
import type { WebhookChannelConfig } from '../config/alerts-config.js';
import { type Channel, deliverHttp, USER_AGENT } from './channel.js';
import type { Outbound } from './outbound.js';
import { headerSecrets, urlSecrets } from './redact.js';

export const SIGNATURE_HEADER = 'x-frontdoor-signature';

/**
 * The signature header's value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The receiver
 * recomputes it with the shared secret over the raw body and rejects old timestamps (replays).
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * A generic webhook: the message as JSON (`{"version":1, ...}`), the idempotency key in `Idempotency-Key`
 * so the receiver can drop repeats, and an optional HMAC signature.
 */
export function createWebhookChannel(config: WebhookChannelConfig): Channel {
  const secrets = [
    ...urlSecrets(config.url),
    ...headerSecrets(config.headers),
    ...(config.secret === undefined ? [] : [config.secret]),
  ];
  return {
    name: config.name,
    type: 'webhook',
    secrets,
    deliver(message: Outbound, context) {
      const body = JSON.stringify({ version: 1, ...message });
      const headers: Record<string, string> = {
        ...config.headers,
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'idempotency-key': message.key,
        'x-frontdoor-event': message.type === 'incident' ? message.kind : message.type,
      };
      if (config.secret !== undefined) {
        headers[SIGNATURE_HEADER] = signWebhook(config.secret, body, Math.floor(context.now / 1000));
      }
      return deliverHttp({
        url: config.url,
        body,
        headers,
        timeoutMs: config.timeoutMs,
        secrets,
        now: context.now,
      });
    },
  };
}
