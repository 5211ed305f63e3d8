import type { Expectations } from '../config/target.js';

/** Expectations given on the command line; each one present replaces (headers: extends) the target's own. */
export type ExpectationOverrides = Partial<Expectations>;

/**
 * Lays command-line expectations over a target's: scalar ones replace, headers merge by name so
 * `--expect-header` adds to a site's headers and replaces only the same name; JSON paths merge by path.
 */
export function applyExpectations(base: Expectations, overrides: ExpectationOverrides): Expectations {
  const merged: Expectations = { ...base };
  if (overrides.status !== undefined) merged.status = [...overrides.status];
  if (overrides.body !== undefined) merged.body = overrides.body;
  if (overrides.version !== undefined) merged.version = overrides.version;
  if (overrides.versionHeader !== undefined) merged.versionHeader = overrides.versionHeader;
  if (overrides.maxLatencyMs !== undefined) merged.maxLatencyMs = overrides.maxLatencyMs;
  if (overrides.bodyPatterns !== undefined) merged.bodyPatterns = [...overrides.bodyPatterns];
  if (overrides.certMinDays !== undefined) merged.certMinDays = overrides.certMinDays;
  if (overrides.json !== undefined && overrides.json.length > 0) {
    const byPath = new Map((base.json ?? []).map((entry) => [entry.path, entry]));
    for (const entry of overrides.json) byPath.set(entry.path, entry);
    merged.json = [...byPath.values()];
  }
  if (overrides.headers !== undefined && overrides.headers.length > 0) {
    const byName = new Map((base.headers ?? []).map((header) => [header.name, header.value]));
    for (const header of overrides.headers) byName.set(header.name, header.value);
    merged.headers = [...byName].map(([name, value]) => ({ name, value }));
  }
  return merged;
}
