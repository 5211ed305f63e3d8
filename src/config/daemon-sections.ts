/**
 * Top-level sections only the daemon reads: `check` and `verify` ignore them whatever they say. Its own
 * module so the quick reader (read-config-quickly.ts) knows them without loading parse-config's zod.
 */
export const DAEMON_SECTIONS = ['watch', 'alerts', 'maintenance', 'api'] as const;
