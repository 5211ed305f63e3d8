import { z } from 'zod';
import { readDuration } from './parse-duration.js';
import type { ParseOutcome } from './parse-outcome.js';
import { closedObject, parsedString } from './schema-helpers.js';

/**
 * The `alerts` section (WATCH.md): channels (where notifications go) and policies (which channels, and
 * Gatus's thresholds). Secrets such as routing keys and webhook URLs come from the environment through
 * `${VAR}`; messages about those values never repeat them.
 */

const nonEmpty = z.string().min(1, { error: 'must not be empty' });

const duration = z
  .union([z.number(), z.string()], { error: 'expected a duration such as 10s or 1h' })
  .transform((value, ctx) => {
    const outcome = readDuration(String(value));
    if (outcome.ok) return outcome.value;
    ctx.addIssue({ code: 'custom', message: outcome.problem, input: value });
    return z.NEVER;
  });

/** An http(s) URL that may carry a token (Slack's webhook path, a query key): the value is never echoed. */
function readSecretUrl(text: string): ParseOutcome<string> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: 'is not an http(s) URL (the value is not shown: it may hold a secret)' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: `must be an http:// or https:// URL, not ${url.protocol}//` };
  }
  return { ok: true, value: url.href };
}

/** smtp://[user:password@]host[:port] or smtps://...; the password is never echoed. */
function readSmtpUrl(text: string): ParseOutcome<string> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return {
      ok: false,
      problem: 'is not an smtp:// or smtps:// URL (the value is not shown: it may hold a password)',
    };
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    return { ok: false, problem: `must be an smtp:// or smtps:// URL, not ${url.protocol}//` };
  }
  if (url.hostname === '') return { ok: false, problem: 'names no mail server host' };
  return { ok: true, value: url.href };
}

/** A bare address (a@b.c); display names are not needed for alert mail and complicate validation. */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/;
const email = z
  .string()
  .regex(EMAIL, { error: (issue) => `'${String(issue.input)}' is not an e-mail address (name@example.com)` });

const secretUrl = parsedString(readSecretUrl);
const timeout = duration.optional();
const HEADER = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const headers = z
  .record(
    z.string().regex(HEADER, { error: (issue) => `'${String(issue.input)}' is not a header name` }),
    z.string(),
  )
  .optional();

const channelSchema = z.discriminatedUnion(
  'type',
  [
    closedObject({
      type: z.literal('pagerduty'),
      routing_key: nonEmpty,
      url: secretUrl.optional(),
      timeout,
    }),
    closedObject({ type: z.literal('slack'), webhook: secretUrl, timeout }),
    closedObject({
      type: z.literal('email'),
      smtp: parsedString(readSmtpUrl),
      from: email,
      to: z
        .union([email, z.array(email).min(1, { error: 'must list at least one address' })])
        .transform((to) => (Array.isArray(to) ? to : [to])),
      timeout,
    }),
    closedObject({
      type: z.literal('alertmanager'),
      url: secretUrl,
      headers,
      ttl: duration.optional(),
      timeout,
    }),
    closedObject({
      type: z.literal('webhook'),
      url: secretUrl,
      headers,
      secret: nonEmpty.optional(),
      timeout,
    }),
  ],
  { error: 'expected a channel with type pagerduty, slack, email, alertmanager or webhook' },
);

export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

/** Gatus refuses reminders more often than every 5 minutes; so does frontdoor, for the same reason. */
const MIN_REMINDER_MS = 5 * 60_000;

const policySchema = closedObject({
  channels: z.array(nonEmpty).nullish(),
  'failure-threshold': z.int({ error: 'expected a whole number' }).min(1).max(100).optional(),
  'success-threshold': z.int({ error: 'expected a whole number' }).min(1).max(100).optional(),
  'minimum-reminder-interval': duration
    .refine((ms) => ms >= MIN_REMINDER_MS, { error: 'must be at least 5m (leave it out for no reminders)' })
    .optional(),
  'send-on-resolved': z.boolean().optional(),
  severity: z.enum(SEVERITIES).optional(),
});

/** How the outbox retries a failed delivery: a uniform wait up to `base`, doubling each time up to `cap`. */
const retrySchema = closedObject({
  base: duration.optional(),
  cap: duration.optional(),
}).refine((retry) => retry.base === undefined || retry.cap === undefined || retry.base <= retry.cap, {
  error: 'base must not be longer than cap',
});

export const alertsSchema = closedObject({
  channels: z.record(z.string(), channelSchema).nullish(),
  policies: z.record(z.string(), policySchema).nullish(),
  retry: retrySchema.nullish(),
});

export type RawAlerts = z.output<typeof alertsSchema>;
export type RawChannel = z.output<typeof channelSchema>;
export type RawPolicy = z.output<typeof policySchema>;
export type RawRetry = z.output<typeof retrySchema>;
