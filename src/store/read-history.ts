import type { Store } from './store.js';
import { ROLLUP_PHASES, type RollupPhase } from './store-tables.js';

/** Which table a history query reads: raw rounds, or one of the rollups. */
export type HistoryResolution = 'raw' | 'minute' | 'hour';

/** Ranges up to this long read raw rounds; up to RAW..MINUTE_RANGE_MS minute rollups; beyond, hour rollups. */
export const RAW_RANGE_MS = 6 * 3_600_000;
export const MINUTE_RANGE_MS = 7 * 86_400_000;
/** The most points one answer carries; a longer raw range is cut to its latest rounds and says so. */
export const MAX_HISTORY_POINTS = 5_000;

/** The resolution a range is answered in: fine enough to see a round, coarse enough to stay small. */
export function chooseResolution(sinceMs: number, untilMs: number): HistoryResolution {
  const range = untilMs - sinceMs;
  if (range <= RAW_RANGE_MS) return 'raw';
  if (range <= MINUTE_RANGE_MS) return 'minute';
  return 'hour';
}

/** Phase latency over a bucket, in milliseconds (averages over the requests that reached the phase). */
export type PhaseAggregate = { avg: number; max: number } | null;

export interface RawPoint {
  at: string;
  location: string;
  reason: string;
  verdict: string;
  layer: string;
  status: number | null;
  requests: number;
  failedRequests: number;
  timings: Partial<Record<RollupPhase, number>>;
}

export interface BucketPoint {
  at: string;
  location: string;
  rounds: number;
  requests: number;
  failedRequests: number;
  /** rounds per verdict */
  verdicts: Record<string, number>;
  timings: Record<RollupPhase, PhaseAggregate>;
}

export interface History {
  targetId: string;
  resolution: HistoryResolution;
  since: string;
  until: string;
  /** true when the range held more than MAX_HISTORY_POINTS points and only the latest are here */
  truncated: boolean;
  points: Array<RawPoint | BucketPoint>;
}

/**
 * A target's history over [since, until), in the resolution the range calls for (chooseResolution):
 * raw rounds for hours, minute rollups for days, hour rollups beyond. Oldest point first.
 */
export async function readHistory(
  store: Store,
  query: { targetId: string; sinceMs: number; untilMs: number },
): Promise<History> {
  const resolution = chooseResolution(query.sinceMs, query.untilMs);
  const base = {
    targetId: query.targetId,
    resolution,
    since: new Date(query.sinceMs).toISOString(),
    until: new Date(query.untilMs).toISOString(),
  };
  if (resolution === 'raw') {
    const { points, truncated } = await readRaw(store, query);
    return { ...base, truncated, points };
  }
  const { points, truncated } = await readBuckets(store, resolution, query);
  return { ...base, truncated, points };
}

async function readRaw(
  store: Store,
  query: { targetId: string; sinceMs: number; untilMs: number },
): Promise<{ points: RawPoint[]; truncated: boolean }> {
  const rows = await store.exclusive((db) =>
    db
      .selectFrom('rounds')
      .select([
        'at_ms',
        'location',
        'reason',
        'verdict',
        'layer',
        'status',
        'requests',
        'failed_requests',
        'dns_ms',
        'connect_ms',
        'tls_ms',
        'ttfb_ms',
        'total_ms',
      ])
      .where('target_id', '=', query.targetId)
      .where('at_ms', '>=', query.sinceMs)
      .where('at_ms', '<', query.untilMs)
      .orderBy('at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(MAX_HISTORY_POINTS + 1)
      .execute(),
  );
  const truncated = rows.length > MAX_HISTORY_POINTS;
  const points = rows
    .slice(0, MAX_HISTORY_POINTS)
    .reverse()
    .map((row): RawPoint => {
      const timings: RawPoint['timings'] = {};
      for (const phase of ROLLUP_PHASES) {
        const value = row[`${phase}_ms`];
        if (value !== null) timings[phase] = value;
      }
      return {
        at: new Date(Number(row.at_ms)).toISOString(),
        location: row.location,
        reason: row.reason,
        verdict: row.verdict,
        layer: row.layer,
        status: row.status,
        requests: row.requests,
        failedRequests: row.failed_requests,
        timings,
      };
    });
  return { points, truncated };
}

async function readBuckets(
  store: Store,
  resolution: 'minute' | 'hour',
  query: { targetId: string; sinceMs: number; untilMs: number },
): Promise<{ points: BucketPoint[]; truncated: boolean }> {
  const table = resolution === 'minute' ? 'rollup_minute' : 'rollup_hour';
  const rows = await store.exclusive((db) =>
    db
      .selectFrom(table)
      .selectAll()
      .where('target_id', '=', query.targetId)
      .where('bucket_ms', '>=', query.sinceMs)
      .where('bucket_ms', '<', query.untilMs)
      .orderBy('bucket_ms')
      .orderBy('location')
      .execute(),
  );
  const buckets = new Map<string, { point: BucketPoint; sums: Record<RollupPhase, [number, number]> }>();
  for (const row of rows) {
    const key = `${row.bucket_ms} ${row.location}`;
    let entry = buckets.get(key);
    if (entry === undefined) {
      const timings = Object.fromEntries(
        ROLLUP_PHASES.map((phase) => [phase, null]),
      ) as BucketPoint['timings'];
      const sums = Object.fromEntries(ROLLUP_PHASES.map((phase) => [phase, [0, 0]])) as Record<
        RollupPhase,
        [number, number]
      >;
      entry = {
        point: {
          at: new Date(Number(row.bucket_ms)).toISOString(),
          location: row.location,
          rounds: 0,
          requests: 0,
          failedRequests: 0,
          verdicts: {},
          timings,
        },
        sums,
      };
      buckets.set(key, entry);
    }
    const { point, sums } = entry;
    point.rounds += row.rounds;
    point.requests += row.requests;
    point.failedRequests += row.failed_requests;
    point.verdicts[row.verdict] = (point.verdicts[row.verdict] ?? 0) + row.rounds;
    for (const phase of ROLLUP_PHASES) {
      const count = row[`${phase}_count`];
      const max = row[`${phase}_max`];
      if (count === 0 || max === null) continue;
      const sum = sums[phase];
      sum[0] += row[`${phase}_sum`];
      sum[1] += count;
      const previous = point.timings[phase];
      point.timings[phase] = { avg: sum[0] / sum[1], max: Math.max(previous?.max ?? max, max) };
    }
  }
  const all = [...buckets.values()].map((entry) => entry.point);
  const truncated = all.length > MAX_HISTORY_POINTS;
  return { points: truncated ? all.slice(-MAX_HISTORY_POINTS) : all, truncated };
}
