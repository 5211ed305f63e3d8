import { describe, expect, it } from 'vitest';
import { countingAnswers } from './counting-answers.test-helper.js';
import { findFixedAnswer, indexFixedAnswers, shareFixedAnswers } from './fixed-answers.js';

describe('findFixedAnswer', () => {
  it('keys configured names as hosts are matched: case, trailing dot and IDN do not matter', () => {
    expect(findFixedAnswer({ 'Shop.Example.com': '10.0.0.11' }, 'shop.example.com')).toBe('10.0.0.11');
    expect(findFixedAnswer({ 'shop.example.com.': '10.0.0.12' }, 'shop.example.com')).toBe('10.0.0.12');
    expect(findFixedAnswer({ 'Bücher.Example': '10.0.0.13' }, 'xn--bcher-kva.example')).toBe('10.0.0.13');
    expect(findFixedAnswer({ 'a.test': '10.0.0.1' }, 'b.test')).toBeUndefined();
    expect(findFixedAnswer(undefined, 'a.test')).toBeUndefined();
  });

  it('prefers the entry written as its key when two share one', () => {
    expect(findFixedAnswer({ 'A.test': '10.0.0.1', 'a.test': '10.0.0.2' }, 'a.test')).toBe('10.0.0.2');
    expect(indexFixedAnswers({ 'A.test': '10.0.0.1', 'B.TEST': '10.0.0.3', 'b.Test.': '10.0.0.4' })).toEqual(
      new Map([
        ['a.test', '10.0.0.1'],
        ['b.test', '10.0.0.3'],
      ]),
    );
  });

  it('reads a 20,000-name map once, however many names are looked up, hits or misses', () => {
    const size = 20_000;
    const entries: Record<string, string> = {};
    for (let n = 0; n < size; n += 1) entries[`S${n}.fleet.test`] = '10.0.0.1';
    // Indexing lists the keys once and reads each value once; a scan per lookup would read size^2 times.
    const { answers, reads } = countingAnswers(entries, 2 * size + 10);
    let hits = 0;
    let misses = 0;
    for (let n = 0; n < size; n += 1) {
      if (findFixedAnswer(answers, `s${n}.fleet.test`) === '10.0.0.1') hits += 1;
      if (findFixedAnswer(answers, `missing${n}.fleet.test`) === undefined) misses += 1;
    }
    expect([hits, misses]).toEqual([size, size]);
    expect(reads()).toBeGreaterThan(size);
  });
});

describe('shareFixedAnswers', () => {
  it('freezes one merged copy in which the extra entries win, whatever their case or trailing dot', () => {
    const shared = shareFixedAnswers(
      { 'a.test': '10.0.0.1', 'B.test': '10.0.0.2' },
      { 'b.TEST': '10.0.0.9' },
    );
    expect(shared).toEqual({ 'a.test': '10.0.0.1', 'b.TEST': '10.0.0.9' });
    expect(Object.isFrozen(shared)).toBe(true);
    expect(findFixedAnswer(shared, 'b.test')).toBe('10.0.0.9');
  });

  it('hands an already shared map back as it is when there is nothing to add', () => {
    const shared = shareFixedAnswers({ 'a.test': '10.0.0.1' });
    expect(shareFixedAnswers(shared)).toBe(shared);
    expect(shareFixedAnswers(shared, {})).toBe(shared);
    expect(shareFixedAnswers(undefined)).toEqual({});
  });
});
