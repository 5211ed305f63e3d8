import { describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { parseConfig } from './parse-config.js';
import { WATCH_DEFAULTS } from './watch-schema.js';

/** WATCH.md's example, cut to what this file needs: every daemon section present. */
const WATCH_FILE = `
environments:
  production: { alerts: page }
origins:
  web1: 10.0.0.11
sites:
  shop:
    environment: production
    url: https://shop.example.com/health
    origins: [web1]
    interval: 10s
  blog:
    url: https://blog.example.com/
watch:
  interval: 30s
  burst: 3
  timeout: 10s
  concurrency: 64
  origin_concurrency: 8
  retention: { raw: 14d, minute: 90d, hour: 400d }
  quorum: 2
  maintenance_max: 8h
alerts:
  channels:
    ops: { type: slack, webhook: "https://hooks.slack.test/services/x" }
maintenance:
  - { name: patch-tuesday, origins: [web1], cron: "0 2 * * 2", duration: 2h }
api:
  tokens:
    - { name: dashboard, scope: read, hash: "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }
`;

function failureOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof FrontdoorError) return `${error.code} ${error.message}`;
    throw error;
  }
  throw new Error('expected a FrontdoorError');
}

describe('parseConfig for serve: the watch section', () => {
  it('reads every key and the per-site interval', () => {
    const config = parseConfig(WATCH_FILE, 'frontdoor.yaml', { cwd: '/srv', reader: 'serve' });
    expect(config.watch).toEqual({
      intervalMs: 30_000,
      burst: 3,
      timeoutMs: 10_000,
      concurrency: 64,
      originConcurrency: 8,
      maintenanceMaxMs: 8 * 3_600_000,
      retention: { rawMs: 14 * 86_400_000, minuteMs: 90 * 86_400_000, hourMs: 400 * 86_400_000 },
      quorum: 2,
    });
    expect(config.sites.shop?.intervalMs).toBe(10_000);
    expect(config.sites.blog?.intervalMs).toBeUndefined();
  });

  it('fills in the defaults when the section is absent or empty', () => {
    const expected = {
      intervalMs: WATCH_DEFAULTS.intervalMs,
      burst: WATCH_DEFAULTS.burst,
      timeoutMs: WATCH_DEFAULTS.timeoutMs,
      concurrency: WATCH_DEFAULTS.concurrency,
      originConcurrency: WATCH_DEFAULTS.originConcurrency,
      maintenanceMaxMs: 4 * 3_600_000,
      retention: { ...WATCH_DEFAULTS.retention },
    };
    const bare = 'sites: { a: { url: "http://a.test/" } }\n';
    expect(parseConfig(bare, 'f.yaml', { reader: 'serve' }).watch).toEqual(expected);
    expect(parseConfig(`${bare}watch:\n`, 'f.yaml', { reader: 'serve' }).watch).toEqual(expected);
  });

  it.each([
    ['watch:\n  interval: 50ms\n', 'f.yaml:2:13: watch.interval: an interval must be at least 100ms'],
    ['watch:\n  burst: 0\n', 'f.yaml:2:10: watch.burst: burst must be a whole number from 1 to 100'],
    ['watch:\n  burst: 2.5\n', 'f.yaml:2:10: watch.burst: burst must be a whole number from 1 to 100'],
    [
      'watch:\n  retention: { raw: 7 }\n',
      "f.yaml:2:21: watch.retention.raw: '7' has no unit: write 7d for days or 7h for hours",
    ],
    [
      'watch:\n  intervall: 1s\n',
      "f.yaml:2:3: watch.intervall: unknown key 'intervall'; did you mean 'interval'?",
    ],
    ['maintenance: { a: 1 }\n', 'f.yaml:1:14: maintenance: expected a list, got a map'],
  ])('refuses %j with one located line', (text, start) => {
    expect(failureOf(() => parseConfig(text, 'f.yaml', { reader: 'serve' }))).toContain(
      `FD_ERR_CONFIG_SCHEMA ${start}`,
    );
  });
});

describe('parseConfig for check: the daemon sections are ignored', () => {
  it('reads a file with watch, alerts, maintenance and api as the v1 configuration', () => {
    const config = parseConfig(WATCH_FILE, 'frontdoor.yaml', { cwd: '/srv' });
    expect(Object.keys(config.sites)).toEqual(['shop', 'blog']);
    expect(config.watch).toBeUndefined();
  });

  it('ignores even a broken watch section, which only serve reads', () => {
    const text = 'sites: { a: { url: "http://a.test/" } }\nwatch: { burst: lots }\n';
    expect(Object.keys(parseConfig(text, 'f.yaml').sites)).toEqual(['a']);
    expect(failureOf(() => parseConfig(text, 'f.yaml', { reader: 'serve' }))).toContain('watch.burst');
  });

  it('still refuses a bad per-site interval, since sites are shared', () => {
    const text = 'sites: { a: { url: "http://a.test/", interval: 10ms } }\n';
    expect(failureOf(() => parseConfig(text, 'f.yaml'))).toContain('an interval must be at least 100ms');
  });
});

describe('parseConfig for check: alert policies belong to serve', () => {
  it('reads an environment naming a policy of the alerts section, which check ignores', () => {
    const text =
      'environments: { production: { alerts: oncall } }\nalerts:\n  channels: { ops: { type: webhook, url: "http://127.0.0.1:9/" } }\n  policies: { oncall: { channels: [ops] } }\nsites: { a: { url: "http://a.test/", environment: production } }\n';
    expect(parseConfig(text, 'f.yaml').environments.production?.alerts).toBe('oncall');
    expect(parseConfig(text, 'f.yaml', { reader: 'serve' }).environments.production?.alerts).toBe('oncall');
  });

  it('leaves an unknown policy to serve to refuse', () => {
    const text = 'environments: { production: { alerts: nobody } }\nsites: {}\n';
    expect(parseConfig(text, 'f.yaml').environments.production?.alerts).toBe('nobody');
    expect(failureOf(() => parseConfig(text, 'f.yaml', { reader: 'serve' }))).toContain(
      "unknown alert policy 'nobody'",
    );
  });
});
