import { describe, expect, it } from 'vitest';
import { describeTimeout, limitPhase } from './phase-limit.js';
import { DEFAULT_TIMEOUTS, timeoutsWithin } from './probe-options.js';

describe('limitPhase', () => {
  it('gives the phase its own timeout when the deadline is further away', () => {
    expect(limitPhase(5_000, 30_000, 1_000, 'connect_timeout')).toEqual({
      ms: 5_000,
      timeoutCode: 'connect_timeout',
    });
  });

  it('cuts the phase to what is left of the deadline and reports total_timeout', () => {
    expect(limitPhase(5_000, 3_000, 1_000, 'tls_timeout')).toEqual({
      ms: 2_000,
      timeoutCode: 'total_timeout',
    });
  });

  it('keeps the phase code when the deadline leaves exactly the phase timeout', () => {
    expect(limitPhase(2_000, 3_000, 1_000, 'http_timeout').timeoutCode).toBe('http_timeout');
  });

  it('never returns a negative time once the deadline has passed', () => {
    expect(limitPhase(5_000, 1_000, 4_000, 'dns_timeout')).toEqual({ ms: 0, timeoutCode: 'total_timeout' });
  });
});

describe('describeTimeout', () => {
  it('names the phase or the deadline', () => {
    expect(describeTimeout({ ms: 5_000, timeoutCode: 'connect_timeout' }, 'connect')).toBe(
      'connect took longer than 5000 ms',
    );
    expect(describeTimeout({ ms: 120.4, timeoutCode: 'total_timeout' }, 'tls')).toBe(
      'probe deadline reached during tls (120 ms left for it)',
    );
  });
});

describe('timeoutsWithin', () => {
  it('caps every phase at the given total', () => {
    expect(timeoutsWithin(2_000)).toEqual({
      dnsMs: 2_000,
      connectMs: 2_000,
      tlsMs: 2_000,
      responseMs: 2_000,
      bodyMs: 2_000,
      totalMs: 2_000,
    });
  });

  it('keeps the defaults for phases shorter than the total', () => {
    expect(timeoutsWithin(60_000)).toEqual({ ...DEFAULT_TIMEOUTS, totalMs: 60_000 });
    expect(timeoutsWithin(7_000)).toMatchObject({ dnsMs: 5_000, responseMs: 7_000, totalMs: 7_000 });
  });
});
