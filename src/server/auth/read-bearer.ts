/** What an Authorization header held: nothing, a bearer token, or something frontdoor cannot use. */
export type BearerOutcome =
  | { kind: 'absent' }
  | { kind: 'token'; token: string }
  | { kind: 'malformed'; problem: string };

// RFC 6750 b64token; the scheme is case-insensitive (RFC 9110 11.1).
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Reads `Authorization: Bearer TOKEN`. Another scheme, an empty token or a repeated header is `malformed`
 * (refused, never treated as anonymous, so a misconfigured client learns at once).
 * @example readBearer('Bearer fdt_abc') // { kind: 'token', token: 'fdt_abc' }
 */
export function readBearer(header: string | string[] | undefined): BearerOutcome {
  if (header === undefined) return { kind: 'absent' };
  if (Array.isArray(header)) return { kind: 'malformed', problem: 'more than one Authorization header' };
  const match = BEARER.exec(header);
  if (match?.[1] !== undefined) return { kind: 'token', token: match[1] };
  const scheme = header.trim().split(/\s+/)[0] ?? '';
  if (scheme.toLowerCase() === 'bearer')
    return { kind: 'malformed', problem: 'the bearer token is empty or malformed' };
  return {
    kind: 'malformed',
    problem: `expected "Authorization: Bearer TOKEN", not the ${scheme || 'empty'} scheme`,
  };
}
