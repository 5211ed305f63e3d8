import type { Outbound } from './outbound.js';

/** One message for one channel: the unit the sender claims, delivers and marks. */
export interface OutboxRow {
  /** `${key}/${channel}`: unique; writing a row whose id exists changes nothing */
  id: string;
  /** the message's idempotency key, sent with every attempt */
  key: string;
  channel: string;
  message: Outbound;
  /** ms since the epoch */
  createdAt: number;
  /** past this it is dead-lettered (createdAt + 24 h) */
  deadline: number;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: number;
  firstFailureAt?: number;
  lastError?: string;
  deliveredAt?: number;
  /** who is sending it now, until when: another sender may take it once the lease has run out */
  lease?: { owner: string; until: number };
}

export type NewOutboxRow = Pick<OutboxRow, 'id' | 'key' | 'channel' | 'message' | 'createdAt' | 'deadline'>;

export interface DeliveryAttempt {
  /** ms since the epoch when the attempt ended */
  at: number;
  durationMs: number;
  /** one line, without secrets */
  detail: string;
  status?: number;
}

/**
 * Where the outbox lives. The store step implements it on SQLite and PostgreSQL (the rows are written in
 * the transaction that records the engine's transitions); MemoryOutboxStore is the reference. Every
 * method is atomic.
 */
export interface OutboxStore {
  /** Adds rows; a row whose id exists already is left as it is. */
  enqueue(rows: readonly NewOutboxRow[]): Promise<void>;
  /**
   * Pending rows due at `now` that no unexpired lease holds, oldest due first, at most `limit`, each leased
   * to `owner` until `now + leaseMs`: two senders never hold the same row at once.
   */
  claimDue(now: number, owner: string, leaseMs: number, limit: number): Promise<OutboxRow[]>;
  /** Delivered: final, even if the lease ran out meanwhile (the message did go out). Clears the channel's failure run. */
  markDelivered(id: string, owner: string, attempt: DeliveryAttempt): Promise<void>;
  /**
   * A failed attempt: retried at `retryAt`, or dead-lettered. Ignored when `owner` no longer holds the
   * lease (another sender has the row). Starts the channel's failure run if none is going.
   */
  markFailed(
    id: string,
    owner: string,
    attempt: DeliveryAttempt,
    next: { retryAt: number } | { dead: true },
  ): Promise<void>;
  /** When the channel's current run of failures began; undefined after a delivery. */
  channelFailingSince(channel: string): Promise<number | undefined>;
  listDeadLetters(): Promise<OutboxRow[]>;
  /** The earliest `nextAttemptAt` of a pending row, so an idle sender knows how long to sleep. */
  nextDue(): Promise<number | undefined>;
}
