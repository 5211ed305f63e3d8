import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';

function parse(text: string) {
  return parseConfig(text, 'frontdoor.yaml', { cwd: '/srv', reader: 'serve' });
}

function problem(text: string): string {
  try {
    parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  return 'parsed';
}

const WATCH_EXAMPLE = `environments:
  production: { alerts: page }
  acceptance: { alerts: quiet }
origins: { web1: 10.0.0.11 }
sites:
  shop: { environment: production, url: https://shop.example.com/health, origins: [web1] }
alerts:
  channels:
    oncall:  { type: pagerduty, routing_key: "R0UT1NGKEY0123456789abcdefABCDEF" }
    ops:     { type: slack, webhook: "https://hooks.slack.com/services/T0/B0/XXXX" }
    mail:    { type: email, smtp: "smtp://mail.internal:25", from: frontdoor@example.com, to: [ops@example.com] }
    am:      { type: alertmanager, url: http://alertmanager:9093 }
    hook:    { type: webhook, url: https://hooks.example.com/frontdoor, headers: { Authorization: "Bearer t0k3n" } }
  policies:
    page:  { channels: [oncall, ops], failure-threshold: 2, success-threshold: 2, minimum-reminder-interval: 1h, send-on-resolved: true }
    quiet: { channels: [ops], failure-threshold: 3 }
maintenance:
  - { name: patch-tuesday, origins: [web1], cron: "0 2 * * 2", duration: 2h, timezone: Europe/Amsterdam, max: 4h }
`;

describe('parseConfig: alerts and maintenance', () => {
  // The WATCH.md example with literal secrets: `${VAR}` interpolation is the configuration loader's job.
  it('reads the WATCH.md example: channels, policies over the defaults, windows', () => {
    const config = parse(WATCH_EXAMPLE);
    expect(config.alerts.channels.oncall).toEqual({
      name: 'oncall',
      type: 'pagerduty',
      routingKey: 'R0UT1NGKEY0123456789abcdefABCDEF',
      url: 'https://events.pagerduty.com/v2/enqueue',
      timeoutMs: 10_000,
    });
    expect(config.alerts.channels.mail).toMatchObject({
      to: ['ops@example.com'],
      smtp: 'smtp://mail.internal:25',
    });
    expect(config.alerts.policies.quiet).toEqual({
      name: 'quiet',
      channels: ['ops'],
      failureThreshold: 3,
      successThreshold: 2,
      minimumReminderIntervalMs: 0,
      sendOnResolved: true,
      severity: 'warning',
    });
    expect(config.alerts.policies.page?.minimumReminderIntervalMs).toBe(3_600_000);
    expect(config.maintenance[0]).toMatchObject({
      name: 'patch-tuesday',
      timezone: 'Europe/Amsterdam',
      durationMs: 7_200_000,
    });
  });

  it('lets environments name a policy of the file', () => {
    const config = parse(
      'environments:\n  staging: { alerts: strict }\nalerts:\n  policies:\n    strict: { failure-threshold: 5 }\n',
    );
    expect(config.environments.staging?.alerts).toBe('strict');
    expect(config.alerts.policies.strict?.failureThreshold).toBe(5);
  });

  it.each([
    [
      'an unknown channel type',
      'alerts:\n  channels:\n    x: { type: sms }\n',
      'frontdoor.yaml:3:16: alerts.channels.x.type: expected a channel with type pagerduty, slack, email, alertmanager or webhook',
    ],
    [
      'a policy naming an unknown channel',
      'alerts:\n  policies:\n    page: { channels: [nope] }\n',
      "frontdoor.yaml:3:24: alerts.policies.page.channels[0]: unknown channel 'nope' (no channels are defined)",
    ],
    [
      'an environment naming an unknown policy',
      'environments:\n  prod: { alerts: loud }\n',
      "frontdoor.yaml:2:19: environments.prod.alerts: unknown alert policy 'loud' (known: page, quiet)",
    ],
    [
      'reminders more often than every 5 minutes',
      'alerts:\n  policies:\n    page: { minimum-reminder-interval: 1m }\n',
      'frontdoor.yaml:3:40: alerts.policies.page.minimum-reminder-interval: must be at least 5m (leave it out for no reminders)',
    ],
    [
      'a bad cron',
      'maintenance:\n  - { name: a, environments: [x], cron: "0 2 * *", duration: 1h }\n',
      'frontdoor.yaml:2:41: maintenance[0].cron: invalid configuration format',
    ],
    [
      'a window longer than max',
      'maintenance:\n  - { name: a, environments: [x], cron: "0 2 * * *", duration: 5h }\n',
      "frontdoor.yaml:2:64: maintenance[0].duration: is longer than max (4h); every window has an end, so raise 'max' if this one is meant",
    ],
    [
      'a window without a scope',
      'maintenance:\n  - { name: a, cron: "0 2 * * *", duration: 1h }\n',
      "frontdoor.yaml:2:5: maintenance[0]: a window needs a scope: 'sites', 'origins' or 'environments'",
    ],
    [
      'a window naming an unknown origin',
      'origins: { web1: 10.0.0.1 }\nmaintenance:\n  - { name: a, origins: [web9], cron: "0 2 * * *", duration: 1h }\n',
      "frontdoor.yaml:3:26: maintenance[0].origins[0]: unknown origin 'web9' (known: web1)",
    ],
    [
      'an unknown time zone',
      'maintenance:\n  - { name: a, environments: [x], cron: "0 2 * * *", duration: 1h, timezone: Mars/Olympus }\n',
      "frontdoor.yaml:2:78: maintenance[0].timezone: 'Mars/Olympus' is not a time zone (e.g. Europe/Amsterdam, UTC)",
    ],
  ])('refuses %s at its position', (_, text, message) => {
    expect(problem(text).startsWith(message)).toBe(true);
  });

  it('never repeats a secret URL in its message', () => {
    const message = problem(
      'alerts:\n  channels:\n    ops: { type: slack, webhook: "hooks.slack.com/services/T0/B0/s3cr3t" }\n',
    );
    expect(message).toContain('alerts.channels.ops.webhook: is not an http(s) URL');
    expect(message).not.toContain('s3cr3t');
  });
});
