/** blackbox_exporter's default `--timeout-offset`: what is kept back from Prometheus's scrape timeout. */
export const DEFAULT_TIMEOUT_OFFSET_SECONDS = 0.5;

/** Without Prometheus's header blackbox allows 120 s, less the offset. */
const NO_HEADER_SECONDS = 120;

export type ProbeTimeout = { ok: true; seconds: number } | { ok: false; problem: string };

/**
 * How long one `/probe` may take, exactly as blackbox_exporter's getTimeout decides: Prometheus's
 * `X-Prometheus-Scrape-Timeout-Seconds` (120 when absent or 0) less `offsetSeconds`, or the module's own
 * timeout when that is shorter, or when the offset leaves nothing.
 * @example readProbeTimeout('10', 5000, 0.5) // { ok: true, seconds: 5 }
 * @example readProbeTimeout('x', undefined, 0.5) // { ok: false, problem: "'x' is not a number of seconds" }
 */
export function readProbeTimeout(
  header: string | undefined,
  moduleTimeoutMs: number | undefined,
  offsetSeconds: number,
): ProbeTimeout {
  let scrapeSeconds = 0;
  if (header !== undefined && header !== '') {
    const trimmed = header.trim();
    scrapeSeconds = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!Number.isFinite(scrapeSeconds))
      return { ok: false, problem: `'${header}' is not a number of seconds` };
  }
  if (scrapeSeconds === 0) scrapeSeconds = NO_HEADER_SECONDS;
  const allowed = scrapeSeconds - offsetSeconds;
  const moduleSeconds = (moduleTimeoutMs ?? 0) / 1000;
  const seconds = (moduleSeconds > 0 && moduleSeconds < allowed) || allowed < 0 ? moduleSeconds : allowed;
  return { ok: true, seconds };
}
