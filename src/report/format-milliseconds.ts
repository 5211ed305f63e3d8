/**
 * Compact human duration for a table cell: "0.4ms", "12ms", "1.25s".
 * Sub-10 ms keeps a decimal because the difference between 0.4 ms and 4 ms is the difference between a proxy
 * answering by itself and an app being asked (incident 003).
 */
export function formatMilliseconds(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}
