import { describe, expect, it } from 'vitest';
import { nextSlot, spreadOffset } from './spread-offset.js';

describe('spreadOffset', () => {
  it('is the same for the same id, whatever else is configured', () => {
    expect(spreadOffset('shop:a.test/health@web1', 30_000)).toBe(
      spreadOffset('shop:a.test/health@web1', 30_000),
    );
  });

  it('spreads ten thousand targets evenly over the interval', () => {
    const buckets = new Array<number>(10).fill(0);
    const offsets = Array.from({ length: 10_000 }, (_, i) =>
      spreadOffset(`site${i}:host${i}.test/health@edge`, 30_000),
    );
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(30_000);
    for (const offset of offsets)
      buckets[Math.floor(offset / 3_000)] = (buckets[Math.floor(offset / 3_000)] ?? 0) + 1;
    // A tenth of the interval holds a tenth of the targets, give or take 10%.
    for (const count of buckets) expect(Math.abs(count - 1_000)).toBeLessThan(100);
  });
});

describe('nextSlot', () => {
  it.each([
    [95, 30, 10, 100],
    [100, 30, 10, 100],
    [101, 30, 10, 130],
    [0, 30, 0, 0],
  ])('from %i with interval %i and offset %i is %i', (from, interval, offset, expected) => {
    expect(nextSlot(from, interval, offset)).toBe(expected);
  });
});
