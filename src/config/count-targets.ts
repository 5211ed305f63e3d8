import { isIPv6 } from 'node:net';
import type { FrontdoorConfig } from './config-types.js';

/**
 * Targets one run may hold. A target is a few hundred bytes and a probe or more per run; past this a
 * configuration is a mistake or an attack (aliases multiplying one long list), not a fleet.
 */
export const MAX_TARGETS = 100_000;

/**
 * How many targets `expandTargets` makes of the whole configuration, without making them: each distinct
 * hostname of a site (the URL's and its aliases) once through the edge and once on each of its origins.
 */
export function countTargets(config: Pick<FrontdoorConfig, 'sites'>): number {
  let count = 0;
  for (const site of Object.values(config.sites)) {
    const hostnames = new Set([new URL(site.url).hostname, ...site.aliases.map(asUrlHostname)]);
    count += hostnames.size * (1 + site.origins.length);
  }
  return count;
}

// As expandTargets writes an alias into a URL's hostname.
function asUrlHostname(alias: string): string {
  return isIPv6(alias) ? `[${alias}]` : alias.toLowerCase();
}
