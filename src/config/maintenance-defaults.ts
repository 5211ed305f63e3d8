/**
 * How long a maintenance window lasts at most when it does not say (WATCH.md). Its own module so that both
 * the schema (zod, croner) and the code that builds the section read it without either loading the other:
 * building a configuration must not load zod (read-config-quickly.ts).
 */
export const DEFAULT_MAINTENANCE_MAX_MS = 4 * 3_600_000;
