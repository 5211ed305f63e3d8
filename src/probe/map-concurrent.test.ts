import { describe, expect, it } from 'vitest';
import { mapConcurrent } from './map-concurrent.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapConcurrent', () => {
  it('keeps the input order whatever order calls finish in', async () => {
    const delays = [30, 5, 20, 1, 10];
    const result = await mapConcurrent(delays, 2, async (delay, index) => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      return `${index}:${delay}`;
    });
    expect(result).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10']);
  });

  it('never runs more than `limit` calls at once', async () => {
    let running = 0;
    let peak = 0;
    await mapConcurrent(
      Array.from({ length: 12 }, (_, i) => i),
      3,
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await tick();
        running -= 1;
      },
    );
    expect(peak).toBe(3);
  });

  it('handles an empty list and a limit above the item count', async () => {
    expect(await mapConcurrent([], 4, async () => 1)).toEqual([]);
    expect(await mapConcurrent([1, 2], 10, async (n) => n * 2)).toEqual([2, 4]);
  });

  it('rejects with the first error and starts no further items', async () => {
    const started: number[] = [];
    const run = mapConcurrent([0, 1, 2, 3, 4], 1, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('boom');
      return n;
    });
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });
});
