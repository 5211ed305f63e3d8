import type { DeliveryAttempt, NewOutboxRow, OutboxRow, OutboxStore } from './outbox-store.js';

/**
 * The reference OutboxStore, in memory: what the SQL implementations must do, and the store of the
 * sender's tests. Rows are copied in and out, as a database would, so callers cannot change them behind
 * its back.
 */
export class MemoryOutboxStore implements OutboxStore {
  private readonly rows = new Map<string, OutboxRow>();
  private readonly failing = new Map<string, number>();
  /** every attempt, in order, for tests and for the deliveries API of the store step */
  readonly attempts: Array<DeliveryAttempt & { id: string; ok: boolean }> = [];

  async enqueue(rows: readonly NewOutboxRow[]): Promise<void> {
    for (const row of rows) {
      if (this.rows.has(row.id)) continue;
      this.rows.set(
        row.id,
        structuredClone({ ...row, state: 'pending', attempts: 0, nextAttemptAt: row.createdAt }),
      );
    }
  }

  async claimDue(now: number, owner: string, leaseMs: number, limit: number): Promise<OutboxRow[]> {
    const due = [...this.rows.values()]
      .filter(
        (row) =>
          row.state === 'pending' &&
          row.nextAttemptAt <= now &&
          (row.lease === undefined || row.lease.until <= now),
      )
      .sort(
        (a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1),
      )
      .slice(0, limit);
    for (const row of due) row.lease = { owner, until: now + leaseMs };
    return due.map((row) => structuredClone(row));
  }

  async markDelivered(id: string, _owner: string, attempt: DeliveryAttempt): Promise<void> {
    const row = this.rows.get(id);
    if (row === undefined) return;
    this.attempts.push({ ...attempt, id, ok: true });
    if (row.state !== 'delivered') {
      row.state = 'delivered';
      row.deliveredAt = attempt.at;
      row.attempts += 1;
    }
    delete row.lease;
    this.failing.delete(row.channel);
  }

  async markFailed(
    id: string,
    owner: string,
    attempt: DeliveryAttempt,
    next: { retryAt: number } | { dead: true },
  ): Promise<void> {
    const row = this.rows.get(id);
    if (row === undefined || row.state !== 'pending' || row.lease?.owner !== owner) return;
    this.attempts.push({ ...attempt, id, ok: false });
    row.attempts += 1;
    row.firstFailureAt ??= attempt.at;
    row.lastError = attempt.detail;
    delete row.lease;
    if ('dead' in next) row.state = 'dead';
    else row.nextAttemptAt = next.retryAt;
    if (!this.failing.has(row.channel)) this.failing.set(row.channel, attempt.at);
  }

  async channelFailingSince(channel: string): Promise<number | undefined> {
    return this.failing.get(channel);
  }

  async listDeadLetters(): Promise<OutboxRow[]> {
    return [...this.rows.values()].filter((row) => row.state === 'dead').map((row) => structuredClone(row));
  }

  async nextDue(): Promise<number | undefined> {
    // A loop, not Math.min(...rows): spreading a large outbox into arguments overflows the stack.
    let next: number | undefined;
    for (const row of this.rows.values()) {
      if (row.state !== 'pending') continue;
      const due = Math.max(row.nextAttemptAt, row.lease?.until ?? 0);
      if (next === undefined || due < next) next = due;
    }
    return next;
  }

  /** Every row, for tests. */
  all(): OutboxRow[] {
    return [...this.rows.values()].map((row) => structuredClone(row));
  }
}
