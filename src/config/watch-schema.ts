import { z } from 'zod';
import { closedObject, durationSchema } from './schema-helpers.js';

export { WATCH_DEFAULTS } from './watch-defaults.js';

/**
 * Shorter intervals would spend more on scheduling than on probing and flood the store; 100ms still lets
 * tests run many rounds quickly.
 */
export const MIN_INTERVAL_MS = 100;

function wholeNumber(name: string, min: number, max: number) {
  const message = `${name} must be a whole number from ${min} to ${max}`;
  return z.int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

export const intervalSchema = durationSchema('timeout').refine((ms) => ms >= MIN_INTERVAL_MS, {
  error: `an interval must be at least ${MIN_INTERVAL_MS}ms`,
});

const retentionSchema = closedObject({
  raw: durationSchema('window').optional(),
  minute: durationSchema('window').optional(),
  hour: durationSchema('window').optional(),
});

/** `watch:` as written; every key optional (WATCH_DEFAULTS fill the gaps in build-watch-config.ts). */
export const watchSchema = closedObject({
  interval: intervalSchema.optional(),
  // A burst of 100 on fresh connections is already a load test of the door, not a probe.
  burst: wholeNumber('burst', 1, 100).optional(),
  timeout: durationSchema('timeout').optional(),
  concurrency: wholeNumber('concurrency', 1, 10_000).optional(),
  origin_concurrency: wholeNumber('origin_concurrency', 1, 10_000).optional(),
  retention: retentionSchema.nullish(),
  // Locations that must agree before an outage pages; absent: a majority of those reporting.
  quorum: wholeNumber('quorum', 1, 100).optional(),
  // The longest ad hoc maintenance window the API and `frontdoor maintenance start` grant.
  maintenance_max: durationSchema('window').optional(),
});

export type RawWatch = z.output<typeof watchSchema>;
