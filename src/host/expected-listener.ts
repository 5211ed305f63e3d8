import { isIPv4 } from 'node:net';
import { FrontdoorError } from '../errors.js';
import { readPort } from '../probe/read-port.js';
import { canonicalIpv6 } from './format-ipv6.js';

/** Where a listener is expected: a TCP port (on any address when `address` is absent) or a unix socket path. */
export type ListenerAddress =
  | { kind: 'tcp'; address?: string; port: number }
  | { kind: 'unix'; path: string };

/** One expectation from host.listeners or --listener: this address must be held by `owner`. */
export interface ExpectedListener {
  /** the key as written: "443", "127.0.0.1:8443", "[::1]:443", "unix:/run/php/php8.2-fpm.sock" */
  key: string;
  address: ListenerAddress;
  /** expected owner process name: "nginx", "php-fpm" */
  owner: string;
}

/**
 * Parses a listener key. `where` names its origin for the one-line error ("--listener", "frontdoor.yaml host.listeners").
 * @example parseListenerKey('[::1]:443', '--listener') // { kind: 'tcp', address: '::1', port: 443 }
 */
export function parseListenerKey(key: string, where: string): ListenerAddress {
  const fail = (why: string): never => {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      `${where}: invalid listener '${key}': ${why} (expected PORT, ADDR:PORT, [IPV6]:PORT or unix:PATH)`,
    );
  };
  if (key.startsWith('unix:')) {
    const path = key.slice('unix:'.length);
    if (!path.startsWith('/') && !path.startsWith('@')) fail('a unix socket path must be absolute');
    return { kind: 'unix', path };
  }
  const parsePort = (text: string) => readPort(text) ?? fail(`'${text}' is not a port (1-65535)`);
  if (/^\d+$/.test(key)) return { kind: 'tcp', port: parsePort(key) };
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(key);
  if (bracketed !== null) {
    const address = canonicalIpv6(bracketed[1] ?? '') ?? fail(`'${bracketed[1]}' is not an IPv6 address`);
    return { kind: 'tcp', address, port: parsePort(bracketed[2] ?? '') };
  }
  const colon = key.lastIndexOf(':');
  const host = key.slice(0, colon);
  if (colon < 0 || !isIPv4(host)) fail('the address must be an IPv4 address or a bracketed IPv6 address');
  return { kind: 'tcp', address: host, port: parsePort(key.slice(colon + 1)) };
}

// Named with its command, like every other usage error, since main prints the message as it is.
const LISTENER_FLAG = 'frontdoor host: --listener';

/** "--listener 443=nginx" / "unix:/run/x.sock=php-fpm": splits at the last "=" since paths may hold one. */
export function parseListenerFlag(text: string): ExpectedListener {
  const equals = text.lastIndexOf('=');
  const owner = equals < 0 ? '' : text.slice(equals + 1).trim();
  if (owner === '') {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      `${LISTENER_FLAG}: '${text}' names no owner (expected PORT=NAME, ADDR:PORT=NAME or unix:PATH=NAME)`,
    );
  }
  const key = text.slice(0, equals);
  return { key, address: parseListenerKey(key, LISTENER_FLAG), owner };
}

/** Expectations from the configuration's host.listeners map. */
export function expectedFromConfig(listeners: Record<string, string>, source: string): ExpectedListener[] {
  return Object.entries(listeners).map(([key, owner]) => ({
    key,
    address: parseListenerKey(key, `${source}: host.listeners`),
    owner,
  }));
}
