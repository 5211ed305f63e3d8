import { effectivePort } from './effective-port.js';
import type { ConnectTo } from './observation.js';

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Whether a status asks the client to go elsewhere (and carries a Location to follow). */
export function isRedirectStatus(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/**
 * The absolute URL a Location points to, resolved against the URL that answered (relative references
 * included); undefined when it is not a usable http(s) URL. The fragment is dropped: it never reaches a server.
 * @example resolveRedirectTarget('/login', new URL('https://a.example/x')) // https://a.example/login
 */
export function resolveRedirectTarget(location: string, base: URL): URL | undefined {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch {
    return undefined;
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return undefined;
  next.hash = '';
  return next;
}

/** The method of the next hop: 303 always turns into GET (HEAD stays HEAD), other redirects keep it. */
export function redirectMethod(status: number, method: string): string {
  return status === 303 && method !== 'HEAD' ? 'GET' : method;
}

/**
 * The pin that applies to a hop: a connect-to pin follows redirects only while they stay on the original
 * hostname; its port only while the scheme and port stay the same too (an http -> https redirect on the same
 * name goes to the pinned host on the new URL's port).
 */
export function pinForHop(url: URL, original: URL, connectTo: ConnectTo | undefined): ConnectTo | undefined {
  if (connectTo === undefined || url.hostname !== original.hostname) return undefined;
  const samePort = url.protocol === original.protocol && effectivePort(url) === effectivePort(original);
  return samePort || connectTo.port === undefined ? connectTo : { host: connectTo.host };
}
