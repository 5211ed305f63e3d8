import { isIP } from 'node:net';
import type { ResolvedAddress } from './observation.js';

/**
 * The name -> addresses table of an /etc/hosts text (hosts(5)): "address name [aliases...]" per line, `#`
 * starts a comment. Names are lower-cased without a trailing dot; a name on several lines gets every address,
 * in file order, as glibc's getaddrinfo returns them. Lines whose first field is no IP address are skipped.
 * @example parseHostsFile('127.0.0.1 localhost\n::1 localhost\n').get('localhost') // two addresses
 */
export function parseHostsFile(text: string): Map<string, ResolvedAddress[]> {
  const table = new Map<string, ResolvedAddress[]>();
  for (const rawLine of text.split('\n')) {
    const hash = rawLine.indexOf('#');
    const fields = (hash < 0 ? rawLine : rawLine.slice(0, hash)).trim().split(/\s+/);
    const [address, ...names] = fields;
    if (address === undefined || names.length === 0) continue;
    const family = isIP(address);
    if (family === 0) continue;
    for (const rawName of names) {
      const name = normalizeHostsName(rawName);
      if (name === '') continue;
      const known = table.get(name);
      const entry: ResolvedAddress = { address, family: family === 6 ? 6 : 4 };
      if (known === undefined) table.set(name, [entry]);
      else if (!known.some((seen) => seen.address === address)) known.push(entry);
    }
  }
  return table;
}

/** How the hosts table keys a name: lower-case, without one trailing dot. */
export function normalizeHostsName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
