/** `[::1]` -> `::1`: URL hostnames keep IPv6 brackets, sockets, SNI checks and resolvers do not want them. */
export function stripBrackets(host: string): string {
  return host.length > 1 && host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
