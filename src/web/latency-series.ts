/** The phases the latency chart stacks, bottom first: together they make up a request's whole time. */
export const CHART_PHASES = ['dns', 'connect', 'tls', 'ttfb', 'transfer'] as const;
export type ChartPhase = (typeof CHART_PHASES)[number];

type PhaseValue = number | { avg: number; max: number } | null | undefined;

/** A history point as `/api/v1/targets/{id}/history` answers it (raw round or rollup bucket). */
export interface HistoryPoint {
  at: string;
  timings: Record<string, PhaseValue>;
}

/** Columns for the chart: times in seconds, then milliseconds per phase (null where a phase is unknown). */
export interface LatencySeries {
  times: number[];
  phases: Record<ChartPhase, Array<number | null>>;
}

const readPhaseValue = (value: PhaseValue): number | null =>
  value === null || value === undefined ? null : typeof value === 'number' ? value : value.avg;

/**
 * Phase latencies per point. The store keeps dns, connect, tls, ttfb (first byte) and total; transfer is
 * the rest of the total (the body, and for a redirect the hops after the first). Rollups give averages.
 */
export function buildLatencySeries(points: readonly HistoryPoint[]): LatencySeries {
  const series: LatencySeries = {
    times: [],
    phases: { dns: [], connect: [], tls: [], ttfb: [], transfer: [] },
  };
  for (const point of points) {
    series.times.push(Date.parse(point.at) / 1000);
    const known = { dns: 0, connect: 0, tls: 0, ttfb: 0 };
    for (const phase of ['dns', 'connect', 'tls', 'ttfb'] as const) {
      const value = readPhaseValue(point.timings[phase]);
      series.phases[phase].push(value);
      known[phase] = value ?? 0;
    }
    const total = readPhaseValue(point.timings.total);
    series.phases.transfer.push(
      total === null ? null : Math.max(0, total - known.dns - known.connect - known.tls - known.ttfb),
    );
  }
  return series;
}

/** Running sums bottom-up, for drawing the phases stacked: the top line is the whole time. */
export function stackSeries(series: LatencySeries): Record<ChartPhase, number[]> {
  const stacked = {} as Record<ChartPhase, number[]>;
  let below = series.times.map(() => 0);
  for (const phase of CHART_PHASES) {
    below = below.map((sum, index) => sum + (series.phases[phase][index] ?? 0));
    stacked[phase] = below;
  }
  return stacked;
}
