/**
 * Durations as an operator reads them, the one wording for prose, tables and reports: "0.3 ms", "4 ms",
 * "182 ms", "2.4 s", "30 s". Below 10 ms a decimal stays, because 0.4 ms against 4 ms is the difference between a
 * proxy answering by itself and an app being asked (incident 003).
 * @example formatMilliseconds(1236) // "1.2 s"
 */
export function formatMilliseconds(ms: number): string {
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}
