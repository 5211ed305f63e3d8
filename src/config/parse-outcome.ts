/**
 * Result of a non-throwing parser: the value, or a problem phrased to follow "where: ".
 * The config schema reports problems at a YAML position; the CLI throws them as FD_ERR_USAGE.
 */
export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; problem: string };
