import { isIPv4, isIPv6 } from 'node:net';
import { canonicalIpv6 } from '../address/format-ipv6.js';
import { readPort } from '../probe/read-port.js';
import type { ParseOutcome } from './parse-outcome.js';

/**
 * Where a listener is expected: a TCP port (on any address when `address` is absent) or a unix socket
 * path ("/run/x.sock", or "@name" for an abstract socket, as /proc/net/unix shows it).
 */
export type ListenerAddress =
  | { kind: 'tcp'; address?: string; port: number }
  | { kind: 'unix'; path: string };

/** The grammar every listener key follows, quoted in each refusal. */
export const LISTENER_KEY_FORMS = 'PORT, IPV4:PORT, [IPV6]:PORT, unix:/PATH or unix:@NAME';

/**
 * The one grammar of host.listeners keys and --listener flags. Addresses are IP literals only: the host
 * check matches them against socket addresses in /proc, where a hostname never appears.
 * @example readListenerKey('[::1]:443') // { ok: true, value: { kind: 'tcp', address: '::1', port: 443 } }
 */
export function readListenerKey(key: string): ParseOutcome<ListenerAddress> {
  const refuse = (why: string): ParseOutcome<ListenerAddress> => ({
    ok: false,
    problem: `invalid listener '${key}': ${why} (expected ${LISTENER_KEY_FORMS})`,
  });
  if (key.startsWith('unix:')) {
    const path = key.slice('unix:'.length);
    if (!path.startsWith('/') && !path.startsWith('@')) {
      return refuse('a unix socket path must be absolute (or @name for an abstract socket)');
    }
    if (path.length < 2) return refuse('the unix socket path is empty');
    return { ok: true, value: { kind: 'unix', path } };
  }
  const port = (text: string): number | undefined => readPort(text);
  const notPort = (text: string) => refuse(`'${text}' is not a port (1-65535)`);
  if (/^\d+$/.test(key)) {
    const bare = port(key);
    return bare === undefined ? notPort(key) : { ok: true, value: { kind: 'tcp', port: bare } };
  }
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(key);
  if (bracketed !== null) {
    const address = canonicalIpv6(bracketed[1] ?? '');
    if (address === undefined) return refuse(`'${bracketed[1]}' is not an IPv6 address`);
    const value = port(bracketed[2] ?? '');
    return value === undefined
      ? notPort(bracketed[2] ?? '')
      : { ok: true, value: { kind: 'tcp', address, port: value } };
  }
  if (key.startsWith('[')) return refuse('a bracketed IPv6 address needs ":PORT" after it');
  if (isIPv6(key)) return refuse(`an IPv6 address goes in brackets with a port, like [${key}]:443`);
  const colon = key.lastIndexOf(':');
  const host = key.slice(0, colon);
  if (colon < 0 || !isIPv4(host)) {
    return refuse('the address must be an IPv4 address or a bracketed IPv6 address, not a hostname');
  }
  const value = port(key.slice(colon + 1));
  return value === undefined
    ? notPort(key.slice(colon + 1))
    : { ok: true, value: { kind: 'tcp', address: host, port: value } };
}
