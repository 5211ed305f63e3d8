import type { RawAlerts, RawChannel, RawPolicy } from './alerts-schema.js';

// Here rather than beside the schema: building a configuration must not load zod (read-config-quickly.ts).
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export type Severity = 'critical' | 'error' | 'warning' | 'info';

interface ChannelBase {
  name: string;
  /** bound on one delivery attempt, connection to last byte */
  timeoutMs: number;
}

export interface PagerdutyChannelConfig extends ChannelBase {
  type: 'pagerduty';
  /** a secret: never logged */
  routingKey: string;
  /** Events API v2 endpoint; PagerDuty's own unless a test or a proxy says otherwise */
  url: string;
}

export interface SlackChannelConfig extends ChannelBase {
  type: 'slack';
  /** incoming-webhook URL; its path is a secret */
  webhook: string;
}

export interface EmailChannelConfig extends ChannelBase {
  type: 'email';
  /** smtp://[user:password@]host[:port] or smtps://...; the password is a secret */
  smtp: string;
  from: string;
  to: string[];
}

export interface AlertmanagerChannelConfig extends ChannelBase {
  type: 'alertmanager';
  /** Alertmanager's base URL (alerts go to URL/api/v2/alerts) */
  url: string;
  headers: Record<string, string>;
  /** how long a firing alert lives in Alertmanager unless a later message renews or resolves it */
  ttlMs: number;
}

export interface WebhookChannelConfig extends ChannelBase {
  type: 'webhook';
  url: string;
  /** extra request headers (Authorization...); their values are secrets */
  headers: Record<string, string>;
  /** HMAC-SHA256 key for the X-Frontdoor-Signature header */
  secret?: string;
}

export type ChannelConfig =
  | PagerdutyChannelConfig
  | SlackChannelConfig
  | EmailChannelConfig
  | AlertmanagerChannelConfig
  | WebhookChannelConfig;

export type ChannelType = ChannelConfig['type'];

/** Gatus's alert settings, by Gatus's names, for every environment that names this policy. */
export interface PolicyConfig {
  name: string;
  channels: string[];
  /** confirmed failing rounds in a row before a target counts as down */
  failureThreshold: number;
  /** passing rounds in a row before a down target counts as up again */
  successThreshold: number;
  /** 0: no reminders; otherwise the least time between two messages about one open incident */
  minimumReminderIntervalMs: number;
  sendOnResolved: boolean;
  severity: Severity;
}

/** The outbox's retries: full jitter under a ceiling that starts at `baseMs` and doubles up to `capMs`. */
export interface RetryConfig {
  baseMs: number;
  capMs: number;
}

export interface AlertsConfig {
  channels: Record<string, ChannelConfig>;
  /** the file's policies plus `page` and `quiet`, which always exist */
  policies: Record<string, PolicyConfig>;
  retry: RetryConfig;
}

/** 5 s doubling to 30 minutes: a receiver back within seconds hears at once, one down for hours is not hammered. */
export const DEFAULT_RETRY: Readonly<RetryConfig> = { baseMs: 5_000, capMs: 30 * 60_000 };

export const DEFAULT_CHANNEL_TIMEOUT_MS = 10_000;
export const DEFAULT_ALERTMANAGER_TTL_MS = 24 * 3_600_000;

/**
 * The two policies every configuration has. Thresholds count confirmed failures (each already re-probed
 * with a burst), which is why `page` needs two rather than Gatus's three; resolutions are sent by default
 * because a pager's incident that never hears "resolved" stays open on someone's phone.
 */
export const DEFAULT_POLICIES: Readonly<Record<'page' | 'quiet', PolicyConfig>> = {
  page: {
    name: 'page',
    channels: [],
    failureThreshold: 2,
    successThreshold: 2,
    minimumReminderIntervalMs: 0,
    sendOnResolved: true,
    severity: 'critical',
  },
  quiet: {
    name: 'quiet',
    channels: [],
    failureThreshold: 3,
    successThreshold: 2,
    minimumReminderIntervalMs: 0,
    sendOnResolved: true,
    severity: 'warning',
  },
};

/** Turns the validated `alerts` section into AlertsConfig; an absent section gives the two defaults. */
export function buildAlerts(raw: RawAlerts | null | undefined): AlertsConfig {
  const channels: Record<string, ChannelConfig> = {};
  for (const [name, channel] of Object.entries(raw?.channels ?? {}))
    channels[name] = buildChannel(name, channel);
  const policies: Record<string, PolicyConfig> = { ...DEFAULT_POLICIES };
  for (const [name, policy] of Object.entries(raw?.policies ?? {})) {
    policies[name] = buildPolicy(
      name,
      policy,
      name === 'quiet' ? DEFAULT_POLICIES.quiet : DEFAULT_POLICIES.page,
    );
  }
  const retry = {
    baseMs: raw?.retry?.base ?? DEFAULT_RETRY.baseMs,
    capMs: raw?.retry?.cap ?? Math.max(DEFAULT_RETRY.capMs, raw?.retry?.base ?? 0),
  };
  return { channels, policies, retry };
}

function buildChannel(name: string, raw: RawChannel): ChannelConfig {
  const timeoutMs = raw.timeout ?? DEFAULT_CHANNEL_TIMEOUT_MS;
  switch (raw.type) {
    case 'pagerduty':
      return {
        name,
        type: 'pagerduty',
        routingKey: raw.routing_key,
        url: raw.url ?? PAGERDUTY_EVENTS_URL,
        timeoutMs,
      };
    case 'slack':
      return { name, type: 'slack', webhook: raw.webhook, timeoutMs };
    case 'email':
      return { name, type: 'email', smtp: raw.smtp, from: raw.from, to: raw.to, timeoutMs };
    case 'alertmanager':
      return {
        name,
        type: 'alertmanager',
        url: raw.url,
        headers: { ...raw.headers },
        ttlMs: raw.ttl ?? DEFAULT_ALERTMANAGER_TTL_MS,
        timeoutMs,
      };
    case 'webhook': {
      const built: WebhookChannelConfig = {
        name,
        type: 'webhook',
        url: raw.url,
        headers: { ...raw.headers },
        timeoutMs,
      };
      if (raw.secret !== undefined) built.secret = raw.secret;
      return built;
    }
  }
}

/** Keys left out take the defaults of `quiet` for a policy named quiet, of `page` for every other. */
function buildPolicy(name: string, raw: RawPolicy, base: PolicyConfig): PolicyConfig {
  return {
    name,
    channels: raw.channels ?? [],
    failureThreshold: raw['failure-threshold'] ?? base.failureThreshold,
    successThreshold: raw['success-threshold'] ?? base.successThreshold,
    minimumReminderIntervalMs: raw['minimum-reminder-interval'] ?? base.minimumReminderIntervalMs,
    sendOnResolved: raw['send-on-resolved'] ?? base.sendOnResolved,
    severity: raw.severity ?? base.severity,
  };
}
