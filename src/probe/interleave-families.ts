import type { ResolvedAddress } from './observation.js';

/**
 * The order to try addresses in (RFC 8305 section 4): the first address's family first, then the two families
 * taking turns, each in its own order, so one family's dead addresses cannot hold back the other's.
 * A list of one family (or one address) is returned as it is.
 * @example interleaveFamilies([v6a, v6b, v4a]) // [v6a, v4a, v6b]
 */
export function interleaveFamilies(addresses: readonly ResolvedAddress[]): readonly ResolvedAddress[] {
  const first = addresses[0];
  if (first === undefined || addresses.every((address) => address.family === first.family)) return addresses;
  const preferred = addresses.filter((address) => address.family === first.family);
  const other = addresses.filter((address) => address.family !== first.family);
  const ordered: ResolvedAddress[] = [];
  for (let i = 0; i < Math.max(preferred.length, other.length); i += 1) {
    const a = preferred[i];
    const b = other[i];
    if (a !== undefined) ordered.push(a);
    if (b !== undefined) ordered.push(b);
  }
  return ordered;
}
