import { describe, expect, it } from 'vitest';
import { interleaveFamilies } from './interleave-families.js';
import type { ResolvedAddress } from './observation.js';

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

describe('interleaveFamilies', () => {
  it('alternates families, starting with the first address family, each family in its own order', () => {
    expect(interleaveFamilies([v6('::1'), v6('::2'), v6('::3'), v4('10.0.0.1')])).toEqual([
      v6('::1'),
      v4('10.0.0.1'),
      v6('::2'),
      v6('::3'),
    ]);
    expect(interleaveFamilies([v4('10.0.0.1'), v4('10.0.0.2'), v6('::1'), v6('::2')])).toEqual([
      v4('10.0.0.1'),
      v6('::1'),
      v4('10.0.0.2'),
      v6('::2'),
    ]);
  });

  it('returns a one-family list as it is', () => {
    const list = [v4('10.0.0.1'), v4('10.0.0.2')];
    expect(interleaveFamilies(list)).toBe(list);
    expect(interleaveFamilies([])).toEqual([]);
  });
});
