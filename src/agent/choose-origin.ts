import type { OriginConfig } from '../config/config-types.js';
import type { ParseOutcome } from '../config/parse-outcome.js';

export interface OriginChoice {
  origin: string;
  /** how it was found, for the start-up line */
  how: '--origin' | 'host.origin' | 'hostname' | 'address';
}

export interface OriginClues {
  /** --origin */
  flag?: string;
  /** host.origin of the configuration */
  configured?: string;
  /** the configuration's origins; absent without -c */
  origins?: Readonly<Record<string, OriginConfig>>;
  /** os.hostname() */
  hostname: string;
  /** this host's interface addresses */
  addresses: readonly string[];
}

/**
 * Pure: which origin this agent speaks for. In order: --origin, then host.origin, then the one origin
 * named like this host (its full or short hostname), then the one origin whose address is one of this
 * host's. A name that is not among the configuration's origins is refused, so a typo cannot send events
 * the watch never attaches to anything.
 * @example chooseOrigin({ origins: { web1: ..., web2: ... }, hostname: 'web1.example.com', addresses: [] })
 *   // { ok: true, value: { origin: 'web1', how: 'hostname' } }
 */
export function chooseOrigin(clues: OriginClues): ParseOutcome<OriginChoice> {
  const known = clues.origins === undefined ? undefined : Object.keys(clues.origins);
  const named = (origin: string, how: OriginChoice['how']): ParseOutcome<OriginChoice> => {
    if (/[\p{Cc}\s]/u.test(origin) || origin === '') {
      return { ok: false, problem: `${how} '${origin}' is not an origin name` };
    }
    if (known !== undefined && known.length > 0 && !known.includes(origin)) {
      return {
        ok: false,
        problem: `${how} '${origin}' is not among the configuration's origins (${known.join(', ')})`,
      };
    }
    return { ok: true, value: { origin, how } };
  };
  if (clues.flag !== undefined) return named(clues.flag, '--origin');
  if (clues.configured !== undefined) return named(clues.configured, 'host.origin');
  if (known === undefined) {
    return {
      ok: false,
      problem: 'without -c, --origin NAME is required (the origin this host is in the watch)',
    };
  }
  const hostname = clues.hostname.toLowerCase();
  const short = hostname.split('.')[0] ?? hostname;
  const byName = known.filter((name) => [hostname, short].includes(name.toLowerCase()));
  if (byName.length === 1 && byName[0] !== undefined)
    return { ok: true, value: { origin: byName[0], how: 'hostname' } };
  const addresses = new Set(clues.addresses.map((a) => a.toLowerCase()));
  const byAddress = known.filter((name) => {
    const host = clues.origins?.[name]?.host.toLowerCase();
    return host !== undefined && (addresses.has(host) || host === hostname);
  });
  if (byAddress.length === 1 && byAddress[0] !== undefined) {
    return { ok: true, value: { origin: byAddress[0], how: 'address' } };
  }
  const matches = byName.length > 1 ? byName : byAddress;
  const why =
    matches.length > 1
      ? `hostname '${clues.hostname}' and its addresses match several origins (${matches.join(', ')})`
      : `hostname '${clues.hostname}' and its addresses match none of the origins (${known.join(', ') || 'none'})`;
  return {
    ok: false,
    problem: `cannot tell which origin this host is: ${why}; pass --origin NAME or set host.origin`,
  };
}
