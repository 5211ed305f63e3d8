import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../config/alerts-config.js';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import type { Verdict } from '../diagnose/verdict.js';
import { INTERMITTENT_DEFAULTS } from './engine-settings.js';
import type { TargetTrack } from './engine-state.js';
import { judgeRound } from './judge-round.js';
import type { ProbeReason } from './round.js';

const page = DEFAULT_POLICIES.page; // failure-threshold 2, success-threshold 2

/** Feeds rounds in order; each is [verdict, reason]; returns the change of each round. */
function judge(rounds: Array<[Verdict, ProbeReason, { size: number; failed: number }?]>, policy = page) {
  let track: TargetTrack | undefined;
  return rounds.map(([verdict, reason, burst], index) => {
    const result = buildResult('shop.example.com', 'web1', verdict);
    if (burst !== undefined) result.burst = burst;
    const judged = judgeRound(
      track,
      {
        at: new Date(Date.UTC(2026, 10, 23, 4, 0, index * 30)).toISOString(),
        location: 'ams',
        reason,
        result,
      },
      policy,
      INTERMITTENT_DEFAULTS,
    );
    track = judged.track;
    return judged.change ?? (judged.intermittent === null ? '-' : `intermittent ${judged.intermittent}`);
  });
}

describe('judgeRound', () => {
  it('counts a scheduled failure only once its confirmation burst fails too', () => {
    expect(
      judge([
        ['ok', 'scheduled'],
        ['connect_refused', 'scheduled'],
        ['connect_refused', 'confirmation'],
        ['connect_refused', 'scheduled'],
      ]),
    ).toEqual(['-', '-', '-', 'went_down']);
  });

  it('forgets a blip whose confirmation passed', () => {
    expect(
      judge([
        ['connect_refused', 'scheduled'],
        ['ok', 'confirmation'],
        ['connect_refused', 'scheduled'],
        ['ok', 'confirmation'],
      ]),
    ).toEqual(['-', '-', '-', '-']);
  });

  it('counts two failed scheduled rounds in a row when no confirmation came', () => {
    expect(
      judge([
        ['connect_refused', 'scheduled'],
        ['connect_refused', 'scheduled'],
        ['connect_refused', 'scheduled'],
      ]),
    ).toEqual(['-', '-', 'went_down']);
  });

  it('needs success-threshold passes in a row to come back up; a failure in between starts over', () => {
    expect(
      judge([
        ['connect_refused', 'confirmation'],
        ['connect_refused', 'scheduled'],
        ['ok', 'scheduled'],
        ['connect_refused', 'scheduled'],
        ['ok', 'scheduled'],
        ['ok', 'scheduled'],
      ]),
    ).toEqual(['-', 'went_down', '-', '-', '-', 'came_up']);
  });

  it('a sweep decides at once, either way', () => {
    expect(
      judge([
        ['connect_refused', 'sweep'],
        ['ok', 'sweep'],
      ]),
    ).toEqual(['went_down', 'came_up']);
  });

  it('a partial burst (intermittent k of N) is not a failed round: it feeds the share instead', () => {
    const rounds: Array<[Verdict, ProbeReason, { size: number; failed: number }?]> = [];
    for (let i = 0; i < 12; i += 1)
      rounds.push(
        i % 4 === 3
          ? ['intermittent', 'scheduled', { size: 3, failed: 1 }]
          : ['ok', 'scheduled', { size: 3, failed: 0 }],
      );
    const changes = judge(rounds);
    expect(changes.filter((change) => change === 'went_down')).toEqual([]);
    // 2 of 24 requests (8%) in two rounds, with at least 20 requests in the window
    expect(changes.indexOf('intermittent opened')).toBe(7);
  });

  it('the first failed rounds of an outage never count as an intermittent share', () => {
    const quiet = DEFAULT_POLICIES.quiet; // threshold 3
    const rounds: Array<[Verdict, ProbeReason, { size: number; failed: number }?]> = [];
    for (let i = 0; i < 10; i += 1) rounds.push(['ok', 'scheduled', { size: 3, failed: 0 }]);
    for (let i = 0; i < 4; i += 1) rounds.push(['connect_refused', 'scheduled', { size: 3, failed: 3 }]);
    expect(judge(rounds, quiet).filter((change) => change !== '-')).toEqual(['went_down']);
  });

  it('keeps the request window bounded over many rounds and never changes the track it was given', () => {
    const round = (index: number, verdict: Verdict): Parameters<typeof judgeRound>[1] => ({
      at: new Date(Date.UTC(2026, 10, 23, 4, 0, index * 30)).toISOString(),
      location: 'ams',
      reason: 'scheduled',
      result: buildResult('shop.example.com', 'web1', verdict),
    });
    let track = judgeRound(undefined, round(0, 'ok'), page, INTERMITTENT_DEFAULTS).track;
    for (let index = 1; index < 500; index += 1) {
      const previous = track;
      const requests = [...previous.requests];
      const streak = [...previous.streak];
      // a failed round now and then: the streak changes too
      track = judgeRound(
        previous,
        round(index, index % 7 === 0 ? 'connect_refused' : 'ok'),
        page,
        INTERMITTENT_DEFAULTS,
      ).track;
      // The new track may share the request arrays with the old one, so the old one must be left as it was.
      expect(previous.requests).toEqual(requests);
      expect(previous.streak).toEqual(streak);
      // 10 minutes of 30 s rounds, one request each: the window never holds more than 20 samples.
      expect(track.requests.length).toBeLessThanOrEqual(
        Math.min(INTERMITTENT_DEFAULTS.windowRequests, INTERMITTENT_DEFAULTS.windowMs / 30_000),
      );
    }
    expect(track.requests.length).toBeGreaterThan(0);
  });

  it("keeps the previous round's tracked result while nothing in it changed, and a new one when it did", () => {
    const round = (summary: string, evidence: string[]) => {
      const result = buildResult('shop.example.com', 'web1', 'ok');
      result.summary = summary;
      result.evidence = evidence;
      return { at: '2026-11-23T04:00:00.000Z', location: 'ams', reason: 'scheduled' as const, result };
    };
    const first = judgeRound(undefined, round('ok: 200', ['server: nginx']), page, INTERMITTENT_DEFAULTS);
    const same = judgeRound(first.track, round('ok: 200', ['server: nginx']), page, INTERMITTENT_DEFAULTS);
    expect(same.track.result).toBe(first.track.result);
    const other = judgeRound(same.track, round('ok: 200', ['server: Caddy']), page, INTERMITTENT_DEFAULTS);
    expect(other.track.result).not.toBe(first.track.result);
    expect(other.track.result.evidence).toEqual(['server: Caddy']);
    const long = Array.from({ length: 20 }, (_, index) => `line ${index}`);
    const capped = judgeRound(other.track, round('ok: 200', long), page, INTERMITTENT_DEFAULTS);
    expect(capped.track.result.evidence).toHaveLength(12);
    expect(judgeRound(capped.track, round('ok: 200', long), page, INTERMITTENT_DEFAULTS).track.result).toBe(
      capped.track.result,
    );
  });
});
