import { setTimeout as sleepFor } from 'node:timers/promises';
import { type BackoffSettings, DEFAULT_BACKOFF, type Random, retryDelay } from './backoff.js';
import type { Channel } from './channel.js';
import type { DeliveryOutcome } from './delivery-outcome.js';
import type { ChannelFailedNotice } from './outbound.js';
import { outboxRowsFor } from './outbox-rows.js';
import type { DeliveryAttempt, OutboxRow, OutboxStore } from './outbox-store.js';
import { redact } from './redact.js';

export interface Clock {
  /** ms since the epoch */
  now(): number;
}

/** What the sender reports; pino's (fields, message) shape, so the server's logger plugs in as it is. */
export interface SenderLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface SenderOptions {
  store: OutboxStore;
  channels: Readonly<Record<string, Channel>>;
  clock: Clock;
  random: Random;
  /** this sender's name in leases: the node and process */
  owner: string;
  log: SenderLog;
  /** longer than any channel's timeout, so a live sender never loses its row mid-delivery (default 2 min) */
  leaseMs?: number;
  /** rows claimed at once (default 16) */
  batchSize?: number;
  backoff?: BackoffSettings;
  /** how often an idle sender looks for new rows (default 1 s) */
  pollMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface OutboxSender {
  /** Claims what is due and delivers it; resolves to the number of rows attempted. */
  runOnce(): Promise<number>;
  /**
   * Runs until the signal aborts, sleeping while nothing is due. A store that fails (locked, gone) is
   * logged and tried again after the poll interval: the loop never ends on its own.
   */
  run(signal: AbortSignal): Promise<void>;
  /** Ends the current sleep at once: new rows were written (the engine calls it after a step). */
  wake(): void;
}

/**
 * Delivers the outbox at least once: a row is marked only after its channel answered, so a sender killed
 * between sending and marking leaves the row to be sent again when its lease runs out, and the receiver
 * drops the repeat by its idempotency key. Failures are retried with exponential backoff and full jitter
 * (a Retry-After is honoured) until the row's deadline; a permanent failure or the deadline dead-letters
 * it, and the other channels of its policy hear "channel X has failed since T", once per run of failures.
 */
export function createOutboxSender(options: SenderOptions): OutboxSender {
  const leaseMs = options.leaseMs ?? 120_000;
  const batchSize = options.batchSize ?? 16;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const pollMs = options.pollMs ?? 1_000;
  const sleep =
    options.sleep ??
    ((ms: number, signal: AbortSignal) => sleepFor(ms, undefined, { signal }).catch(() => undefined));
  const { store, clock, log } = options;

  async function deliver(row: OutboxRow): Promise<void> {
    const channel = options.channels[row.channel];
    const started = clock.now();
    const outcome = await attemptDelivery(channel, row, started);
    const ended = clock.now();
    const secrets = channel?.secrets ?? [];
    const attempt: DeliveryAttempt = {
      at: ended,
      durationMs: ended - started,
      detail: redact(outcome.detail, secrets),
      ...(outcome.status === undefined ? {} : { status: outcome.status }),
    };
    const fields = { channel: row.channel, key: row.key, attempt: row.attempts + 1 };
    if (outcome.ok) {
      await store.markDelivered(row.id, options.owner, attempt);
      log.info({ ...fields, status: outcome.status }, 'notification delivered');
      return;
    }
    const dead = !outcome.retryable || ended >= row.deadline;
    if (dead) {
      await store.markFailed(row.id, options.owner, attempt, { dead: true });
      log.warn({ ...fields, code: outcome.code, error: attempt.detail }, 'notification dead-lettered');
      await announce(row, attempt);
      return;
    }
    const delay = retryDelay(row.attempts + 1, backoff, options.random, outcome.retryAfterMs);
    const retryAt = Math.min(ended + delay, row.deadline);
    await store.markFailed(row.id, options.owner, attempt, { retryAt });
    log.warn(
      { ...fields, code: outcome.code, error: attempt.detail, retryInMs: retryAt - ended },
      'notification failed; will retry',
    );
  }

  async function attemptDelivery(
    channel: Channel | undefined,
    row: OutboxRow,
    now: number,
  ): Promise<DeliveryOutcome> {
    if (channel === undefined) {
      return {
        ok: false,
        retryable: false,
        code: 'not_configured',
        detail: `channel ${row.channel} is not configured`,
      };
    }
    try {
      return await channel.deliver(row.message, { attempt: row.attempts + 1, now });
    } catch (error) {
      // A channel that throws has a bug; the message is still owed, so it is retried like a network failure.
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        retryable: true,
        code: 'network',
        detail: `channel error: ${message.split('\n')[0]}`,
      };
    }
  }

  /** "channel X has failed since T" on the policy's other channels; its key makes it once per failure run. */
  async function announce(row: OutboxRow, attempt: DeliveryAttempt): Promise<void> {
    const { message } = row;
    if (message.type !== 'incident') return; // a failed announcement is not announced again
    const others = message.channels.filter(
      (name) => name !== row.channel && options.channels[name] !== undefined,
    );
    const since = (await store.channelFailingSince(row.channel)) ?? row.firstFailureAt ?? attempt.at;
    const sinceIso = new Date(since).toISOString();
    const notice: ChannelFailedNotice = {
      type: 'channel_failed',
      key: `channel-failed:${row.channel}:${sinceIso}`,
      channel: row.channel,
      channelType: options.channels[row.channel]?.type ?? 'webhook',
      since: sinceIso,
      at: new Date(attempt.at).toISOString(),
      policy: message.policy,
      severity: message.severity,
      lastError: attempt.detail,
      deadLetter: row.key,
    };
    if (others.length === 0) {
      log.warn(
        { channel: row.channel, policy: message.policy },
        'no other channel in the policy to announce the failure on',
      );
      return;
    }
    await store.enqueue(outboxRowsFor(notice, others, attempt.at));
  }

  async function runOnce(): Promise<number> {
    const rows = await store.claimDue(clock.now(), options.owner, leaseMs, batchSize);
    await Promise.all(rows.map((row) => deliver(row)));
    return rows.length;
  }

  let waking: AbortController | undefined;
  let woken = false;

  return {
    runOnce,
    async run(signal) {
      while (!signal.aborted) {
        woken = false;
        let wait: number;
        try {
          const attempted = await runOnce();
          if (attempted > 0) continue;
          const next = await store.nextDue();
          wait = next === undefined ? pollMs : Math.min(pollMs, Math.max(0, next - clock.now()));
        } catch (error) {
          log.warn(
            { reason: error instanceof Error ? error.message : String(error) },
            'outbox: the store failed; trying again',
          );
          wait = pollMs;
        }
        // A wake() that came while this pass ran must not be lost to the sleep that follows it.
        if (woken) continue;
        waking = new AbortController();
        await sleep(Math.max(wait, 10), AbortSignal.any([signal, waking.signal]));
        waking = undefined;
      }
    },
    wake() {
      woken = true;
      waking?.abort();
    },
  };
}
