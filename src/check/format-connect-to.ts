import { effectivePort } from '../probe/effective-port.js';
import { formatHostPort } from '../probe/format-host-port.js';
import type { ConnectTo } from '../probe/observation.js';

/**
 * "10.0.0.11:443" / "[2001:db8::12]:8443" for a pinned connection; the port falls back to the URL's.
 * @example formatConnectTo({ host: '::1' }, new URL('https://a.test/')) // "[::1]:443"
 */
export function formatConnectTo(connectTo: ConnectTo, url: URL): string {
  return formatHostPort(connectTo.host, connectTo.port ?? effectivePort(url));
}
