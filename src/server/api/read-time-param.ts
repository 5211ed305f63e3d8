import { readDuration } from '../../config/parse-duration.js';
import type { ParseOutcome } from '../../config/parse-outcome.js';

/**
 * A `since`/`until` query value: an ISO 8601 time (`2026-11-23T06:00:00Z`), milliseconds since the epoch,
 * or a look-back such as `90m`, `6h` or `7d` meaning that long before now.
 * @example readTimeParam('6h', Date.UTC(2026, 10, 23, 12)) // { ok: true, value: Date.UTC(2026, 10, 23, 6) }
 */
export function readTimeParam(text: string, nowMs: number): ParseOutcome<number> {
  const trimmed = text.trim();
  if (/^\d{10,}$/.test(trimmed)) return { ok: true, value: Number(trimmed) };
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const parsed = Date.parse(trimmed);
    if (!Number.isNaN(parsed)) return { ok: true, value: parsed };
    return { ok: false, problem: `'${text}' is not a valid ISO 8601 time` };
  }
  const window = readDuration(trimmed, 'window');
  if (window.ok) return { ok: true, value: nowMs - window.value };
  return {
    ok: false,
    problem: `'${text}' is neither a time (2026-11-23T06:00:00Z, epoch milliseconds) nor a look-back (90m, 6h, 7d)`,
  };
}
