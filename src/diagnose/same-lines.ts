/**
 * Whether `kept` is exactly the first `limit` entries of `lines` (all of them by default): how a round's
 * evidence and names are found unchanged from the previous round's, so the earlier copy can be kept.
 */
export function sameLines(
  kept: readonly string[],
  lines: readonly string[],
  limit = Number.POSITIVE_INFINITY,
): boolean {
  if (kept === lines) return true;
  if (kept.length !== Math.min(lines.length, limit)) return false;
  for (let index = 0; index < kept.length; index += 1) if (kept[index] !== lines[index]) return false;
  return true;
}
