import { describe, expect, it } from 'vitest';
import type { ResolvedAddress } from '../../probe/observation.js';
import { chooseAddress, literalAllowed, pickAddress } from './choose-address.js';

const v4: ResolvedAddress = { address: '192.0.2.10', family: 4 };
const v4b: ResolvedAddress = { address: '192.0.2.11', family: 4 };
const v6: ResolvedAddress = { address: '2001:db8::10', family: 6 };

describe('pickAddress', () => {
  it.each<[string, ResolvedAddress[], 'ip4' | 'ip6', boolean, ResolvedAddress | undefined]>([
    ['the preferred family first, whatever the order', [v4, v6], 'ip6', true, v6],
    ['the first of the family', [v4, v4b, v6], 'ip4', false, v4],
    ['the other family as fallback', [v4, v4b], 'ip6', true, v4],
    ['nothing without fallback', [v4], 'ip6', false, undefined],
    ['nothing from nothing', [], 'ip4', true, undefined],
  ])('%s', (_, addresses, preferred, fallback, expected) => {
    expect(pickAddress(addresses, { preferred, fallback })).toEqual(expected);
  });
});

describe('chooseAddress', () => {
  it('answers with one address, or fails as a name without records of the family', async () => {
    const resolver = chooseAddress(async () => ({ addresses: [v4, v6], source: 'dns' }), {
      preferred: 'ip4',
      fallback: false,
    });
    expect(await resolver('a.test')).toEqual({ addresses: [v4], source: 'dns' });
    const strict = chooseAddress(async () => ({ addresses: [v4], source: 'dns' }), {
      preferred: 'ip6',
      fallback: false,
    });
    await expect(strict('a.test')).rejects.toMatchObject({
      code: 'ENODATA',
      message: 'a.test has no IPv6 address',
    });
  });
});

describe('literalAllowed', () => {
  it('lets a literal of the other family through only with fallback', () => {
    expect(literalAllowed('127.0.0.1', { preferred: 'ip6', fallback: true })).toBe(true);
    expect(literalAllowed('127.0.0.1', { preferred: 'ip6', fallback: false })).toBe(false);
    expect(literalAllowed('::1', { preferred: 'ip6', fallback: false })).toBe(true);
  });
});
