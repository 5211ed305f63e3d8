/** Percentiles of the scheduler's lag over recent rounds. */
export interface LagSummary {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Keeps the lag of the latest `capacity` round starts (a ring, so memory stays fixed at any number of
 * targets) and summarises those within a time window.
 */
export function createLagTracker(capacity = 8_192) {
  const lags = new Float64Array(capacity);
  const times = new Float64Array(capacity);
  let next = 0;
  let filled = 0;
  return {
    record(atMs: number, lagMs: number): void {
      lags[next] = lagMs;
      times[next] = atMs;
      next = (next + 1) % capacity;
      filled = Math.min(filled + 1, capacity);
    },
    /** lag of starts since `sinceMs` */
    summarize(sinceMs: number): LagSummary {
      const window: number[] = [];
      for (let i = 0; i < filled; i += 1) if ((times[i] ?? 0) >= sinceMs) window.push(lags[i] ?? 0);
      window.sort((a, b) => a - b);
      const pick = (q: number) => window[Math.min(window.length - 1, Math.floor(q * window.length))] ?? 0;
      return { samples: window.length, p50Ms: pick(0.5), p99Ms: pick(0.99), maxMs: window.at(-1) ?? 0 };
    },
  };
}

export type LagTracker = ReturnType<typeof createLagTracker>;
