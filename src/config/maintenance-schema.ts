import { Cron } from 'croner';
import { z } from 'zod';
import { DEFAULT_MAINTENANCE_MAX_MS } from './maintenance-defaults.js';
import { readDuration } from './parse-duration.js';
import { closedObject } from './schema-helpers.js';

/**
 * The `maintenance` section (WATCH.md): windows from the configuration, each scoped by site, origin or
 * environment, either one-off (`start`) or recurring (`cron` with a timezone), and each with an end
 * (`duration`, at most `max`, default 4h). Probes keep running inside a window; only notifications wait.
 */

const nonEmpty = z.string().min(1, { error: 'must not be empty' });

const duration = z
  .union([z.number(), z.string()], { error: 'expected a duration such as 30m or 2h' })
  .transform((value, ctx) => {
    const outcome = readDuration(String(value));
    if (outcome.ok) return outcome.value;
    ctx.addIssue({ code: 'custom', message: outcome.problem, input: value });
    return z.NEVER;
  });

/** An IANA zone name as Intl knows it (Europe/Amsterdam, UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** croner's own parse, so a pattern accepted here is one the schedule computes with. */
function describeCronProblem(pattern: string, timezone: string): string | undefined {
  try {
    new Cron(pattern, { timezone }).nextRun(new Date(0));
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/^CronPattern: /, '');
  }
}

const windowSchema = closedObject({
  name: nonEmpty,
  sites: z.array(nonEmpty).nullish(),
  origins: z.array(nonEmpty).nullish(),
  environments: z.array(nonEmpty).nullish(),
  cron: nonEmpty.optional(),
  start: nonEmpty.optional(),
  duration,
  timezone: nonEmpty
    .refine(isTimeZone, {
      error: (issue) => `'${String(issue.input)}' is not a time zone (e.g. Europe/Amsterdam, UTC)`,
    })
    .optional(),
  max: duration.optional(),
  reason: z.string().optional(),
}).superRefine((window, ctx) => {
  const zone = window.timezone ?? 'UTC';
  if ((window.cron === undefined) === (window.start === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: "give either 'cron' (recurring) or 'start' (one-off), not both or neither",
    });
  }
  for (const key of ['cron', 'start'] as const) {
    const value = window[key];
    if (value === undefined || !isTimeZone(zone)) continue;
    const problem =
      key === 'start' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value)
        ? `'${value}' is not a date and time such as 2026-03-04T02:00 (read in 'timezone') or 2026-03-04T01:00Z`
        : describeCronProblem(value, zone);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: problem });
  }
  const max = window.max ?? DEFAULT_MAINTENANCE_MAX_MS;
  if (window.duration > max) {
    ctx.addIssue({
      code: 'custom',
      path: ['duration'],
      message: `is longer than max (${formatHours(max)}); every window has an end, so raise 'max' if this one is meant`,
    });
  }
  if (window.sites == null && window.origins == null && window.environments == null) {
    ctx.addIssue({ code: 'custom', message: "a window needs a scope: 'sites', 'origins' or 'environments'" });
  }
});

function formatHours(ms: number): string {
  const hours = ms / 3_600_000;
  return Number.isInteger(hours) ? `${hours}h` : `${Math.round(ms / 60_000)}m`;
}

export const maintenanceSchema = z.array(windowSchema);

export type RawMaintenance = z.output<typeof maintenanceSchema>;
