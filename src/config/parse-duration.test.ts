import { describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { parseDuration, readDuration } from './parse-duration.js';

describe('parseDuration', () => {
  it.each([
    ['800ms', 800],
    ['2s', 2_000],
    ['1.5s', 1_500],
    ['1m', 60_000],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['0.5ms', 0.5],
    [' 3s ', 3_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text, '--timeout')).toBe(ms);
  });

  it.each([
    ['', "'' is not a duration"],
    ['fast', "'fast' is not a duration"],
    ['2 s', "'2 s' is not a duration"],
    ['-1s', "'-1s' must be longer than zero"],
    ['-5', "'-5' must be longer than zero"],
    ['10', "'10' has no unit: write 10s for seconds or 10ms for milliseconds"],
    ['250', "'250' has no unit: write 250s for seconds or 250ms for milliseconds"],
    ['1.5', "'1.5' has no unit: write 1.5s for seconds or 1.5ms for milliseconds"],
    ['1S', "'1S' is not a duration"],
    ['s', "'s' is not a duration"],
    ['4w', "'4w' is too long (at most 24 days, 24d)"],
    ['0', "'0' must be longer than zero"],
    ['0ms', "'0ms' must be longer than zero"],
    ['25d', "'25d' is too long (at most 24 days, 24d)"],
    ['600h', "'600h' is too long (at most 24 days, 24d)"],
  ])('refuses %j', (text, problem) => {
    const outcome = readDuration(text);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problem.startsWith(problem)).toBe(true);
  });

  it('throws FD_ERR_USAGE naming where the value came from', () => {
    const thrown = (() => {
      try {
        parseDuration('soon', 'frontdoor check: --timeout');
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(FrontdoorError);
    expect(thrown).toMatchObject({ code: 'FD_ERR_USAGE' });
    expect((thrown as Error).message).toBe(
      "frontdoor check: --timeout: 'soon' is not a duration (e.g. 800ms, 2s, 1.5s, 1m, 1m30s)",
    );
  });

  describe('windows', () => {
    it.each([
      ['90m', 90 * 60_000],
      ['36h', 36 * 3_600_000],
      ['7d', 7 * 86_400_000],
      ['2w', 14 * 86_400_000],
      ['1.5d', 36 * 3_600_000],
      ['1d12h', 36 * 3_600_000],
      ['52w', 52 * 7 * 86_400_000],
    ])('reads %j as a window', (text, ms) => {
      expect(parseDuration(text, '--since', 'window')).toBe(ms);
    });

    it.each([
      ['', "'' is not a duration (e.g. 90m, 36h, 7d, 2w)"],
      ['7', "'7' has no unit: write 7d for days or 7h for hours"],
      ['d', "'d' is not a duration (e.g. 90m, 36h, 7d, 2w)"],
      ['7 days', "'7 days' is not a duration (e.g. 90m, 36h, 7d, 2w)"],
      ['-1d', "'-1d' must be longer than zero"],
      ['30s', "'30s' uses 's', which does not fit here (e.g. 90m, 36h, 7d, 2w)"],
      ['0d', "'0d' must be longer than zero"],
    ])('refuses %j as a window with one line naming the flag', (text, problem) => {
      expect(() => parseDuration(text, '--since', 'window')).toThrow(`--since: ${problem}`);
    });
  });
});
