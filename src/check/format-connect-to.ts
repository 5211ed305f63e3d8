import { formatHostPort } from '../probe/format-host-port.js';
import type { ConnectTo } from '../probe/observation.js';

/** Default port of an http(s) URL when it names none. */
export function defaultPortOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * "10.0.0.11:443" / "[2001:db8::12]:8443" for a pinned connection; the port falls back to the URL's.
 * @example formatConnectTo({ host: '::1' }, new URL('https://a.test/')) // "[::1]:443"
 */
export function formatConnectTo(connectTo: ConnectTo, url: URL): string {
  return formatHostPort(connectTo.host, connectTo.port ?? defaultPortOf(url));
}
