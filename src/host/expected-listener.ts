import { type ListenerAddress, readListenerKey } from '../config/read-listener-key.js';
import { FrontdoorError } from '../errors.js';

export type { ListenerAddress } from '../config/read-listener-key.js';

/** One expectation from host.listeners or --listener: this address must be held by `owner`. */
export interface ExpectedListener {
  /** the key as written: "443", "127.0.0.1:8443", "[::1]:443", "unix:/run/php/php8.2-fpm.sock" */
  key: string;
  address: ListenerAddress;
  /** expected owner process name: "nginx", "php-fpm" */
  owner: string;
}

/**
 * Parses a listener key with the grammar config validation uses (readListenerKey). `where` names its
 * origin for the one-line error ("--listener", "frontdoor.yaml host.listeners").
 * @example parseListenerKey('[::1]:443', '--listener') // { kind: 'tcp', address: '::1', port: 443 }
 */
export function parseListenerKey(key: string, where: string): ListenerAddress {
  const outcome = readListenerKey(key);
  if (!outcome.ok) throw new FrontdoorError('FD_ERR_USAGE', `${where}: ${outcome.problem}`);
  return outcome.value;
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
