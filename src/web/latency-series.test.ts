import { describe, expect, it } from 'vitest';
import { buildLatencySeries, stackSeries } from './latency-series.js';

describe('the latency chart series', () => {
  it('takes raw rounds as they are and derives transfer from the total', () => {
    const series = buildLatencySeries([
      { at: '2026-11-23T12:00:00.000Z', timings: { dns: 1, connect: 2, tls: 3, ttfb: 10, total: 20 } },
      { at: '2026-11-23T12:00:30.000Z', timings: { connect: 0.5, total: 0.5 } },
    ]);
    expect(series.times).toEqual([
      Date.parse('2026-11-23T12:00:00Z') / 1000,
      Date.parse('2026-11-23T12:00:30Z') / 1000,
    ]);
    expect(series.phases).toEqual({
      dns: [1, null],
      connect: [2, 0.5],
      tls: [3, null],
      ttfb: [10, null],
      transfer: [4, 0],
    });
    expect(stackSeries(series)).toEqual({
      dns: [1, 0],
      connect: [3, 0.5],
      tls: [6, 0.5],
      ttfb: [16, 0.5],
      transfer: [20, 0.5],
    });
  });

  it('takes the averages of rollup buckets and never stacks a negative transfer', () => {
    const series = buildLatencySeries([
      {
        at: '2026-11-23T12:00:00.000Z',
        timings: {
          dns: { avg: 2, max: 5 },
          connect: { avg: 1, max: 1 },
          tls: null,
          ttfb: { avg: 8, max: 9 },
          total: { avg: 10, max: 12 },
        },
      },
    ]);
    expect(series.phases.dns).toEqual([2]);
    expect(series.phases.tls).toEqual([null]);
    expect(series.phases.transfer).toEqual([0]);
  });
});
