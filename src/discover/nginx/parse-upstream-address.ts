import { posix } from 'node:path';
import type { UpstreamEndpoint } from './nginx-inventory.js';

const SCHEME = /^(?:https?|grpcs?|uwsgi|suwsgi):\/\//;

function endpointFromHostPort(text: string, defaultPort: number): UpstreamEndpoint | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed !== null) {
    const host = bracketed[1] as string;
    const port = bracketed[2] === undefined ? defaultPort : Number(bracketed[2]);
    return { kind: 'inet', endpoint: `[${host}]:${port}`, host, port };
  }
  const match = /^([^:/]+)(?::(\d+))?$/.exec(text);
  if (match === null) return undefined;
  const host = match[1] as string;
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  return { kind: 'inet', endpoint: `${host}:${port}`, host, port };
}

/**
 * The address part of a *_pass argument or an upstream `server`: "unix:/run/x.sock",
 * "http://unix:/run/app.sock:/uri", "http://10.0.0.5:8080/api", "backend", "[::1]:9000". Returns the
 * endpoint without the URI, plus the host as `name` (it may be an upstream block's name); undefined when
 * the argument holds variables and is only known at request time.
 */
export function parseUpstreamAddress(
  raw: string,
  defaultPort: number,
): { endpoint: UpstreamEndpoint; name?: string } | undefined {
  if (raw.includes('$')) return undefined;
  const scheme = SCHEME.exec(raw)?.[0] ?? '';
  const rest = raw.slice(scheme.length);
  const portForScheme = scheme.startsWith('https') || scheme.startsWith('grpcs') ? 443 : defaultPort;
  if (rest.startsWith('unix:')) {
    // In a URL nginx ends the socket path at the next ":" (http://unix:/run/app.sock:/uri).
    const written = scheme === '' ? rest.slice(5) : (rest.slice(5).split(':')[0] ?? '');
    // The kernel reads "unix:///run/x.sock" as /run/x.sock: one spelling, so host.listeners can match it.
    const path = written.startsWith('/') ? posix.normalize(written) : written;
    return { endpoint: { kind: 'unix', endpoint: `unix:${path}`, path } };
  }
  const hostPort = rest.split('/')[0] ?? '';
  const endpoint = endpointFromHostPort(hostPort, portForScheme);
  if (endpoint === undefined) return undefined;
  // nginx matches a named upstream block by host alone, whatever port the URL carries.
  return endpoint.host === undefined ? { endpoint } : { endpoint, name: endpoint.host };
}
