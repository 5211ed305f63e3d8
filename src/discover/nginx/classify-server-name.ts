import { isIP } from 'node:net';
import { isHostname } from '../../config/hostname-syntax.js';
import type { NginxServerName } from './nginx-inventory.js';

/**
 * Sorts a server_name into nginx's kinds: "~" starts a regex, a leading "*." or "." or trailing ".*" is a
 * wildcard, a hostname (underscores included: nginx matches "my_app.internal" like any name) or an IP
 * literal is exact. "_" alone, "", "$hostname" and the other invalid names nginx's documentation offers
 * for catch-alls ("--", "!@#") never match a visitor's Host by name: placeholders.
 */
export function classifyServerName(name: string): NginxServerName {
  if (name.startsWith('~')) return { name, kind: 'regex' };
  if (name.startsWith('*.') || name.startsWith('.') || name.endsWith('.*')) return { name, kind: 'wildcard' };
  const lower = name.toLowerCase();
  const bare = lower.replace(/^\[(.*)\]$/, '$1');
  if (lower !== '_' && (isHostname(lower) || isIP(bare) !== 0)) return { name: lower, kind: 'exact' };
  return { name, kind: 'placeholder' };
}

/** PCRE's `(?P<name>` spelling becomes JavaScript's `(?<name>`; server_name regexes match caselessly. */
function compileServerNameRegex(name: string): RegExp | undefined {
  try {
    return new RegExp(name.slice(1).replace(/\(\?P</g, '(?<'), 'i');
  } catch {
    return undefined;
  }
}

/** Whether nginx would select this server_name for a request whose Host is `hostname`. */
export function serverNameMatches(serverName: NginxServerName, hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const name = serverName.name.toLowerCase();
  switch (serverName.kind) {
    case 'exact':
      return name.replace(/\.$/, '') === host;
    case 'wildcard':
      if (name.startsWith('*.')) return host.endsWith(name.slice(1)) && host.length > name.length - 1;
      if (name.startsWith('.')) return host === name.slice(1) || host.endsWith(name);
      return host.startsWith(name.slice(0, -1)) && host.length > name.length - 1;
    case 'regex':
      return compileServerNameRegex(serverName.name)?.test(host) ?? false;
    case 'placeholder':
      return false;
  }
}

/** The hostname a wildcard or exact name guarantees exists (".example.com" -> "example.com"), if any. */
export function concreteHostname(serverName: NginxServerName): string | undefined {
  if (serverName.kind === 'exact') return serverName.name.replace(/\.$/, '');
  if (serverName.kind === 'wildcard' && serverName.name.startsWith('.'))
    return serverName.name.slice(1).toLowerCase();
  return undefined;
}
