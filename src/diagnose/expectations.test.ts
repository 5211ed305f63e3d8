import { describe, expect, it } from 'vitest';
import { describeAcceptableStatus, findUnmetExpectations } from './expectations.js';
import { buildObservation } from './fixtures/build-observation.js';
import { buildTarget } from './fixtures/build-target.js';

describe('describeAcceptableStatus', () => {
  it.each<[number[] | undefined, string]>([
    [undefined, '200-399'],
    [[200], '200'],
    [[200, 204], '200 or 204'],
    [[200, 201], '200 or 201'],
    [Array.from({ length: 100 }, (_, index) => 200 + index), '200-299'],
    [[301, ...Array.from({ length: 100 }, (_, index) => 200 + index), 302], '200-299 or 301 or 302'],
    [[503, 200, 200], '200 or 503'],
  ])('%j reads %j', (status, text) => {
    expect(
      describeAcceptableStatus({ versionHeader: 'x', ...(status === undefined ? {} : { status }) }),
    ).toBe(text);
  });
});

describe('findUnmetExpectations: patterns and protocol', () => {
  const http = (spec: Parameters<typeof buildObservation>[0]) => {
    const observation = buildObservation({ status: 200, ...spec });
    return observation.http as NonNullable<typeof observation.http>;
  };

  it('holds the body to patterns that must and must not match', () => {
    const target = buildTarget({
      expect: {
        bodyPatterns: [
          { shown: 'ok', source: 'ok', flags: '', must: 'match' },
          { shown: '(?i)error', source: 'error', flags: 'i', must: 'no_match' },
        ],
      },
    });
    expect(findUnmetExpectations(target, http({ body: 'all ok' }))).toEqual([]);
    expect(findUnmetExpectations(target, http({ body: 'ERROR' }))).toEqual([
      { kind: 'body_pattern', evidence: 'body (5 bytes) does not match /ok/' },
      { kind: 'body_pattern', evidence: 'body matches /(?i)error/' },
    ]);
  });

  it('holds headers to patterns, a missing header failing unless allowed', () => {
    const pattern = {
      shown: 'json',
      source: 'json',
      flags: '',
      must: 'match' as const,
      name: 'content-type',
    };
    const strict = buildTarget({ expect: { headerPatterns: [{ ...pattern, allowMissing: false }] } });
    const lenient = buildTarget({ expect: { headerPatterns: [{ ...pattern, allowMissing: true }] } });
    expect(findUnmetExpectations(strict, http({}))).toEqual([
      { kind: 'header_pattern', evidence: 'no content-type header, expected one matching /json/' },
    ]);
    expect(findUnmetExpectations(lenient, http({}))).toEqual([]);
    expect(findUnmetExpectations(strict, http({ headers: { 'content-type': 'application/json' } }))).toEqual(
      [],
    );
  });

  it('checks TLS only when told whether the answer was secure', () => {
    const target = buildTarget({ expect: { tls: true } });
    expect(findUnmetExpectations(target, http({}))).toEqual([]);
    expect(findUnmetExpectations(target, http({}), false)).toEqual([
      { kind: 'protocol', evidence: 'answered over plain HTTP, expected TLS' },
    ]);
  });
});
