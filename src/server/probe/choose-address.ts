import { isIP } from 'node:net';
import type { HostResolver } from '../../probe/host-resolver.js';
import type { AddressFamily, ResolvedAddress } from '../../probe/observation.js';

export interface FamilyRule {
  preferred: 'ip4' | 'ip6';
  /** use the other family when the preferred one has no address */
  fallback: boolean;
}

const FAMILY: Record<FamilyRule['preferred'], AddressFamily> = { ip4: 4, ip6: 6 };

/**
 * The one address blackbox_exporter would test (CONFIGURATION.md, "Address selection"): the first of the
 * preferred family, else with `fallback` the first of the other, else none. One address, never a retry on
 * the next: a dual-stack name half down must not look up.
 * @example pickAddress([{ address: '10.0.0.1', family: 4 }], { preferred: 'ip6', fallback: true })
 *   // { address: '10.0.0.1', family: 4 }
 */
export function pickAddress(
  addresses: readonly ResolvedAddress[],
  rule: FamilyRule,
): ResolvedAddress | undefined {
  const family = FAMILY[rule.preferred];
  const preferred = addresses.find((address) => address.family === family);
  if (preferred !== undefined || !rule.fallback) return preferred;
  return addresses[0];
}

/**
 * A resolver that answers with the one address {@link pickAddress} chooses; when there is none it fails as a
 * resolver does for a name without records of the family (ENODATA), so the probe records a DNS failure.
 */
export function chooseAddress(resolver: HostResolver, rule: FamilyRule): HostResolver {
  return async (hostname, lookup) => {
    const answer = await resolver(hostname, lookup);
    const chosen = pickAddress(answer.addresses, rule);
    if (chosen !== undefined) return { ...answer, addresses: [chosen] };
    throw Object.assign(new Error(`${hostname} has no ${describeFamily(rule.preferred)} address`), {
      code: 'ENODATA',
    });
  };
}

/** Whether an address literal is allowed by the rule (resolvers are never asked about literals). */
export function literalAllowed(address: string, rule: FamilyRule): boolean {
  return rule.fallback || isIP(address) === FAMILY[rule.preferred];
}

export function describeFamily(preferred: FamilyRule['preferred']): string {
  return preferred === 'ip4' ? 'IPv4' : 'IPv6';
}
