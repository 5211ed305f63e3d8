import nodemailer from 'nodemailer';
import type { EmailChannelConfig } from '../config/alerts-config.js';
import type { Channel } from './channel.js';
import type { DeliveryFailureCode, DeliveryOutcome } from './delivery-outcome.js';
import type { Outbound } from './outbound.js';
import { redact, urlSecrets } from './redact.js';
import { renderSubject, renderText } from './render-message.js';

interface SmtpError {
  code?: string;
  responseCode?: number;
  command?: string;
}

/**
 * Classifies a nodemailer error by its `code` and the server's `responseCode`: a 5xx reply is permanent,
 * a 4xx one (greylisting, a full queue) is retried, refused credentials are permanent, and anything on the
 * way there (connection, timeout, DNS, TLS) is retried.
 */
export function classifySmtpError(error: SmtpError): { code: DeliveryFailureCode; retryable: boolean } {
  if (error.code === 'EAUTH' || error.code === 'ENOAUTH') return { code: 'auth', retryable: false };
  if (error.responseCode !== undefined && error.responseCode >= 500)
    return { code: 'smtp_rejected', retryable: false };
  if (error.responseCode !== undefined && error.responseCode >= 400)
    return { code: 'smtp_transient', retryable: true };
  switch (error.code) {
    case 'ETIMEDOUT':
      return { code: 'timeout', retryable: true };
    case 'EDNS':
      return { code: 'dns', retryable: true };
    case 'ETLS':
      return { code: 'tls', retryable: true };
    case 'ECONNECTION':
    case 'ESOCKET':
      return { code: 'network', retryable: true };
    default:
      return { code: 'network', retryable: true };
  }
}

/** Message-IDs from the idempotency key: a mail system that sees the same one twice can drop the second. */
export function messageIdOf(key: string, domain: string): string {
  return `<${key.replace(/[^A-Za-z0-9.#_-]/g, '_')}@${domain}>`;
}

/**
 * Email over SMTP through nodemailer. Every message of one incident threads under the first (References),
 * and its Message-ID comes from the idempotency key. Bounded by the channel's timeout at every stage.
 */
export function createEmailChannel(config: EmailChannelConfig): Channel {
  const secrets = urlSecrets(config.smtp);
  const domain = config.from.split('@')[1] ?? 'frontdoor.invalid';
  const transport = nodemailer.createTransport({
    url: config.smtp,
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
    dnsTimeout: config.timeoutMs,
  });
  return {
    name: config.name,
    type: 'email',
    secrets,
    async deliver(message: Outbound): Promise<DeliveryOutcome> {
      const thread = messageIdOf(
        message.type === 'incident' ? message.incidentId : `channel-${message.channel}`,
        domain,
      );
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: config.to,
          subject: renderSubject(message),
          text: renderText(message),
          messageId: messageIdOf(message.key, domain),
          references: thread,
          inReplyTo: thread,
          headers: { 'X-Frontdoor-Idempotency-Key': message.key },
        });
        return {
          ok: true,
          detail: redact(String(info.response ?? 'accepted').split('\n')[0] ?? '', secrets),
        };
      } catch (error) {
        const smtp = error as SmtpError & Error;
        const { code, retryable } = classifySmtpError(smtp);
        const reply = smtp.responseCode === undefined ? (smtp.code ?? 'error') : `${smtp.responseCode}`;
        const detail = redact(
          `smtp ${smtp.command ?? 'connection'}: ${reply}: ${String(smtp.message).split('\n')[0]}`,
          secrets,
        );
        return { ok: false, retryable, code, detail };
      }
    },
    async close() {
      transport.close();
    },
  };
}
