import { EVENT_BATCH_LIMITS, type HostEvent } from '../incidents/host-event.js';
import type { AgentStore } from './agent-store.js';
import { capText } from './cap-text.js';
import type { PostJson } from './post-json.js';
import { readRetryAfter } from './retry-delay.js';

export interface EventSenderOptions {
  /** SERVER/api/v1/events */
  eventsUrl: URL;
  token: string;
  store: Pick<AgentStore, 'pending' | 'acknowledge'>;
  post: PostJson;
  /** one request's bound */
  timeoutMs: number;
  now: () => number;
  log: (line: string) => void;
}

export type SendResult = { kind: 'drained' } | { kind: 'failed'; retryAfterMs?: number };

export interface EventSender {
  /** Sends pending events in sequence order, batch after batch, until none are left or one fails. */
  sendPending(signal?: AbortSignal): Promise<SendResult>;
}

/**
 * Statuses that say the server will never take this body as it is; resending it would block every event
 * behind it. Anything else (401 and 403 included: a token is fixed without losing events) is retried.
 */
const REFUSED = new Set([400, 413, 422]);

/**
 * Delivers the spool to `POST /api/v1/events` in order: one request at a time, each batch acknowledged
 * before the next is sent, so the server sees sequences rise. A batch the server refuses is sent again
 * one event at a time, and an event refused on its own is dropped (logged with its sequence) rather
 * than holding back everything after it. Failures are logged when they start or change, not per retry.
 */
export function createEventSender(options: EventSenderOptions): EventSender {
  const { store, log } = options;
  let failing: string | undefined;
  let failures = 0;
  // After a refused batch, events go one at a time until that batch's last one is through.
  let singlesThrough: number | undefined;
  const passed = (sequence: number) => {
    if (singlesThrough !== undefined && sequence >= singlesThrough) singlesThrough = undefined;
  };

  const fail = (detail: string, retryAfterMs?: number): SendResult => {
    failures += 1;
    if (failing !== detail) {
      log(
        `cannot deliver to ${options.eventsUrl.origin}: ${detail}; ${store.pending().length} events spooled, retrying`,
      );
    }
    failing = detail;
    return retryAfterMs === undefined ? { kind: 'failed' } : { kind: 'failed', retryAfterMs };
  };

  const sendPending = async (signal?: AbortSignal): Promise<SendResult> => {
    for (;;) {
      const batch = takeBatch(store.pending(), singlesThrough === undefined ? EVENT_BATCH_LIMITS.events : 1);
      const last = batch.at(-1);
      if (last === undefined) return { kind: 'drained' };
      const body = `{"events":[${batch.map((e) => JSON.stringify(e)).join(',')}]}`;
      const outcome = await options.post(options.eventsUrl, body, {
        token: options.token,
        timeoutMs: options.timeoutMs,
        ...(signal === undefined ? {} : { signal }),
      });
      if (!outcome.ok) return fail(`${outcome.code} (${outcome.detail})`);
      if (outcome.status >= 200 && outcome.status < 300) {
        await store.acknowledge(last.sequence);
        if (failing !== undefined) {
          log(`delivering again after ${failures} failed attempts (${failing})`);
          failing = undefined;
          failures = 0;
        }
        passed(last.sequence);
        continue;
      }
      const answer = capText(outcome.body.replace(/\s+/g, ' ').trim(), 200);
      if (REFUSED.has(outcome.status)) {
        if (batch.length > 1) {
          singlesThrough = last.sequence;
          continue;
        }
        log(
          `the server refused event ${last.sequence} (${last.type}) with ${outcome.status}: ${answer}; dropped it`,
        );
        await store.acknowledge(last.sequence);
        passed(last.sequence);
        continue;
      }
      const why =
        outcome.status === 401 || outcome.status === 403
          ? `${outcome.status}: the token was refused (an agent token of origin ${last.origin}?)`
          : `${outcome.status}`;
      return fail(
        answer === '' ? why : `${why}: ${answer}`,
        readRetryAfter(outcome.retryAfter, options.now()),
      );
    }
  };
  return { sendPending };
}

/** The oldest events that fit one request's bounds. */
function takeBatch(pending: readonly HostEvent[], limit: number): HostEvent[] {
  const batch: HostEvent[] = [];
  let bytes = '{"events":[]}'.length;
  for (const event of pending) {
    const size = Buffer.byteLength(JSON.stringify(event)) + 1;
    if (batch.length >= limit || (batch.length > 0 && bytes + size > EVENT_BATCH_LIMITS.bytes)) break;
    batch.push(event);
    bytes += size;
  }
  return batch;
}
