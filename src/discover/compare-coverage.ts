import { concreteHostname, serverNameMatches } from './nginx/classify-server-name.js';
import type { ConfigPlace, NginxInventory, NginxServerName } from './nginx/nginx-inventory.js';

export interface ServedName extends ConfigPlace {
  name: string;
  kind: NginxServerName['kind'];
}

export interface CoverageReport {
  /** names nginx serves that no checked hostname exercises (a wildcard or regex counts once one matches it) */
  unchecked: ServedName[];
  /** checked hostnames no server block of nginx answers by name */
  unserved: string[];
}

/** Every hostname a frontdoor configuration probes: each site's URL host, then its aliases. */
export function listCheckedHostnames(sites: Record<string, { url: string; aliases: string[] }>): string[] {
  const names = new Set<string>();
  for (const site of Object.values(sites)) {
    names.add(new URL(site.url).hostname.toLowerCase());
    for (const alias of site.aliases) names.add(alias.toLowerCase());
  }
  return [...names];
}

/**
 * Compares what nginx serves with what frontdoor checks, both ways. Placeholder names ("_"), names in a
 * catch-all (return 444, ssl_reject_handshake) and the words a server_name swallowed from the next
 * directive (flagged as suspicious_server_name) are not entrances; a ".example.com" name counts as its
 * exact part too.
 */
export function compareCoverage(inventory: NginxInventory, checked: string[]): CoverageReport {
  const served: ServedName[] = [];
  for (const server of inventory.servers) {
    if (server.context !== 'http' || server.refuses !== undefined) continue;
    for (const serverName of server.serverNames) {
      if (serverName.kind === 'placeholder' || serverName.suspicious !== undefined) continue;
      if (served.some((entry) => entry.name === serverName.name)) continue;
      served.push({ ...serverName, file: server.file, line: server.line });
    }
  }
  const unchecked = served.filter((entry) => {
    const exact = concreteHostname(entry);
    if (exact !== undefined && !checked.includes(exact)) return true;
    return entry.kind !== 'exact' && !checked.some((hostname) => serverNameMatches(entry, hostname));
  });
  const unserved = checked.filter((hostname) => !served.some((entry) => serverNameMatches(entry, hostname)));
  return { unchecked, unserved };
}
