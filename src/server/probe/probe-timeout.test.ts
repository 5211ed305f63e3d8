import { describe, expect, it } from 'vitest';
import { readProbeTimeout } from './probe-timeout.js';

describe('readProbeTimeout (blackbox getTimeout)', () => {
  it.each<[string | undefined, number | undefined, number, number]>([
    [undefined, undefined, 0.5, 119.5],
    ['', undefined, 0.5, 119.5],
    ['0', undefined, 0.5, 119.5],
    ['10', undefined, 0.5, 9.5],
    ['10', 5000, 0.5, 5],
    ['10', 20_000, 0.5, 9.5],
    ['4.5', undefined, 0, 4.5],
    ['0.2', 3000, 0.5, 3],
    ['0.2', undefined, 0.5, 0],
    ['1e1', undefined, 0.5, 9.5],
  ])('header %j, module %j ms, offset %j -> %j s', (header, moduleMs, offset, seconds) => {
    expect(readProbeTimeout(header, moduleMs, offset)).toEqual({ ok: true, seconds });
  });

  it.each(['ten', '10s', 'NaN', 'Infinity', '1,5'])('refuses %j', (header) => {
    expect(readProbeTimeout(header, undefined, 0.5)).toEqual({
      ok: false,
      problem: `'${header}' is not a number of seconds`,
    });
  });
});
