import type { Insertable, Selectable } from 'kysely';
import { isPassingVerdict } from '../diagnose/passing.js';
import type { TargetResult } from '../diagnose/target-result.js';
import type { TargetRound } from '../incidents/round.js';
import type { RoundsTable } from './store-tables.js';

/** One round as a row: the whole result as JSON, plus the columns history queries read. */
export function toRoundRow(round: TargetRound, batchId: number): Insertable<RoundsTable> {
  const { result } = round;
  return {
    batch_id: batchId,
    target_id: result.id,
    location: round.location,
    at_ms: Date.parse(round.at),
    reason: round.reason,
    verdict: result.verdict,
    layer: result.layer,
    passed: isPassingVerdict(result.verdict) ? 1 : 0,
    status: result.status,
    requests: result.burst?.size ?? 1,
    failed_requests: result.burst?.failed ?? (isPassingVerdict(result.verdict) ? 0 : 1),
    dns_ms: result.timings.dns ?? null,
    connect_ms: result.timings.connect ?? null,
    tls_ms: result.timings.tls ?? null,
    ttfb_ms: result.timings.ttfb ?? null,
    total_ms: result.timings.total,
    result: JSON.stringify(result),
  };
}

/** The round a row was written from, exactly: the stored JSON is the result. */
export function fromRoundRow(
  row: Pick<Selectable<RoundsTable>, 'at_ms' | 'location' | 'reason' | 'result'>,
): TargetRound {
  return {
    at: new Date(row.at_ms).toISOString(),
    location: row.location,
    reason: row.reason as TargetRound['reason'],
    result: JSON.parse(row.result) as TargetResult,
  };
}
