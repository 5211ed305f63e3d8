/**
 * The `watch` section's defaults (WATCH.md): what `frontdoor serve` runs with when a key is left out. Its
 * own module so that building a configuration (build-config.ts) reads them without loading the schema's
 * zod, which `check` never needs for a plain file (read-config-quickly.ts).
 */
export const WATCH_DEFAULTS = {
  intervalMs: 30_000,
  burst: 3,
  timeoutMs: 10_000,
  concurrency: 64,
  originConcurrency: 8,
  maintenanceMaxMs: 4 * 3_600_000,
  retention: { rawMs: 14 * 86_400_000, minuteMs: 90 * 86_400_000, hourMs: 400 * 86_400_000 },
} as const;
