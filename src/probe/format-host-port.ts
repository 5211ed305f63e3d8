/**
 * "host:port", with an IPv6 address in brackets so its own colons cannot be read as the port's (RFC 3986
 * 3.2.2); the inverse of stripBrackets.
 * @example formatHostPort('::1', 443) // "[::1]:443"
 */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
