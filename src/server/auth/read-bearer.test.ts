import { describe, expect, it } from 'vitest';
import { readBearer } from './read-bearer.js';

describe('readBearer', () => {
  it.each([
    ['Bearer fdt_abc-DEF_12', 'fdt_abc-DEF_12'],
    ['bearer fdt_abc', 'fdt_abc'],
    ['BEARER  fdt_abc  ', 'fdt_abc'],
    ['Bearer abc+/==', 'abc+/=='],
  ])('reads %j', (header, token) => {
    expect(readBearer(header)).toEqual({ kind: 'token', token });
  });

  it('says absent without a header', () => {
    expect(readBearer(undefined)).toEqual({ kind: 'absent' });
  });

  it.each([
    ['Basic dXNlcjpwYXNz', 'not the Basic scheme'],
    ['Bearer', 'empty or malformed'],
    ['Bearer ', 'empty or malformed'],
    ['Bearer two tokens', 'empty or malformed'],
    ['fdt_abc', 'not the fdt_abc scheme'],
    ['', 'not the empty scheme'],
  ])('refuses %j', (header, problem) => {
    const outcome = readBearer(header);
    expect(outcome.kind).toBe('malformed');
    expect(outcome.kind === 'malformed' && outcome.problem).toContain(problem);
  });

  it('refuses two Authorization headers', () => {
    expect(readBearer(['Bearer a', 'Bearer b'])).toEqual({
      kind: 'malformed',
      problem: 'more than one Authorization header',
    });
  });
});
