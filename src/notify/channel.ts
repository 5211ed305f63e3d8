import type { ChannelType } from '../config/alerts-config.js';
import { classifyHttpStatus, type DeliveryOutcome } from './delivery-outcome.js';
import type { Outbound } from './outbound.js';
import { PostFailure, postRequest } from './post-request.js';
import { describeDestination, redact } from './redact.js';

export interface DeliveryContext {
  /** 1 for the first attempt */
  attempt: number;
  /** ms since the epoch, from the sender's clock */
  now: number;
}

/**
 * Where notifications go. `deliver` never throws for a failed delivery: it says what happened, with every
 * secret of the channel taken out of the detail. `secrets` lets the sender redact anything else it logs.
 */
export interface Channel {
  name: string;
  type: ChannelType;
  secrets: readonly string[];
  deliver(message: Outbound, context: DeliveryContext): Promise<DeliveryOutcome>;
  close?(): Promise<void>;
}

export interface HttpDelivery {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  secrets: readonly string[];
  now: number;
  /** a receiver's own reading of its answer (Slack's error strings, PagerDuty's 400); default classifyHttpStatus */
  classify?: (status: number, body: string, retryAfter: string | undefined) => DeliveryOutcome;
}

/** One HTTP delivery, bounded, classified and redacted. */
export async function deliverHttp(delivery: HttpDelivery): Promise<DeliveryOutcome> {
  const where = describeDestination(delivery.url);
  try {
    const response = await postRequest(delivery.url, delivery.body, {
      headers: delivery.headers,
      timeoutMs: delivery.timeoutMs,
    });
    const retryAfter = headerValue(response.headers['retry-after']);
    const outcome =
      delivery.classify?.(response.status, response.body, retryAfter) ??
      classifyHttpStatus(
        response.status,
        retryAfter,
        delivery.now,
        `from ${where}: ${firstLine(response.body)}`,
      );
    return { ...outcome, detail: redact(outcome.detail, delivery.secrets) };
  } catch (error) {
    if (error instanceof PostFailure) {
      return {
        ok: false,
        retryable: true,
        code: error.code,
        detail: redact(`${where}: ${error.message}`, delivery.secrets),
      };
    }
    throw error;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The first line of an answer, short: enough to say why, never a page of HTML in a log. */
export function firstLine(body: string): string {
  const line = body.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

export const USER_AGENT = 'frontdoor/0.1.0';
