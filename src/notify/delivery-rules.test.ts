import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, retryDelay } from './backoff.js';
import { classifyHttpStatus, readRetryAfter } from './delivery-outcome.js';
import { classifySmtpError } from './email-channel.js';
import { classifyRequestError } from './post-request.js';
import { describeDestination, headerSecrets, redact, urlSecrets } from './redact.js';

const NOW = Date.parse('2026-11-23T04:00:00Z');

describe('delivery rules', () => {
  it.each([
    [200, true, undefined],
    [202, true, undefined],
    [408, false, true],
    [429, false, true],
    [400, false, false],
    [404, false, false],
    [410, false, false],
    [500, false, true],
    [503, false, true],
  ])('HTTP %i: delivered %s, retryable %s', (status, ok, retryable) => {
    const outcome = classifyHttpStatus(status, undefined, NOW, 'x');
    expect(outcome.ok).toBe(ok);
    if (!outcome.ok) expect(outcome.retryable).toBe(retryable);
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores nonsense', () => {
    expect(readRetryAfter('120', NOW)).toBe(120_000);
    expect(readRetryAfter('Mon, 23 Nov 2026 04:01:00 GMT', NOW)).toBe(60_000);
    expect(readRetryAfter('soon', NOW)).toBeUndefined();
    expect(readRetryAfter(undefined, NOW)).toBeUndefined();
  });

  it('full jitter stays under a doubling ceiling, honours Retry-After up to an hour', () => {
    expect(retryDelay(1, DEFAULT_BACKOFF, () => 0.999)).toBe(4_995);
    expect(retryDelay(4, DEFAULT_BACKOFF, () => 0.5)).toBe(20_000);
    expect(retryDelay(30, DEFAULT_BACKOFF, () => 0.999)).toBeLessThan(30 * 60_000);
    expect(retryDelay(1, DEFAULT_BACKOFF, () => 0, 90_000)).toBe(90_000);
    expect(retryDelay(1, DEFAULT_BACKOFF, () => 0, 10 * 3_600_000)).toBe(3_600_000);
  });

  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['ENOTFOUND', 'dns'],
    ['ETIMEDOUT', 'timeout'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['EHOSTUNREACH', 'network'],
  ])('socket error %s is %s', (code, expected) => {
    expect(classifyRequestError(code)).toBe(expected);
  });

  it.each([
    [{ code: 'EAUTH', responseCode: 535 }, 'auth', false],
    [{ code: 'EENVELOPE', responseCode: 550 }, 'smtp_rejected', false],
    [{ code: 'EMESSAGE', responseCode: 451 }, 'smtp_transient', true],
    [{ code: 'ECONNECTION' }, 'network', true],
    [{ code: 'ETIMEDOUT' }, 'timeout', true],
  ])('SMTP error %j is %s', (error, code, retryable) => {
    expect(classifySmtpError(error)).toEqual({ code, retryable });
  });

  it('redacts secrets, their URL-encoded forms and URL paths, and names a destination without them', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/abcDEF123?x=1';
    expect(describeDestination(url)).toBe('https://hooks.slack.com');
    const secrets = [...urlSecrets(url), ...headerSecrets({ Authorization: 'Bearer t0k3n/+=' })];
    expect(redact(`posting ${url} with t0k3n%2F%2B%3D and t0k3n/+=`, secrets)).toBe(
      'posting [redacted] with [redacted] and [redacted]',
    );
  });
});
