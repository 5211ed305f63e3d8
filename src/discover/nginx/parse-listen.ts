import { isIPv6 } from 'node:net';
import { posix } from 'node:path';
import { formatHostPort } from '../../probe/format-host-port.js';
import { readPort } from '../../probe/read-port.js';
import { nginxErrorAt } from './lex-nginx.js';
import type { NginxDirective } from './nginx-directive.js';
import type { NginxListen } from './nginx-inventory.js';

const FLAGS = new Set([
  'default_server',
  'default',
  'ssl',
  'http2',
  'quic',
  'spdy',
  'udp',
  'proxy_protocol',
  'deferred',
  'bind',
  'reuseport',
  'multipath',
]);
const VALUED = new Set([
  'backlog',
  'rcvbuf',
  'sndbuf',
  'setfib',
  'fastopen',
  'accept_filter',
  'so_keepalive',
  'ipv6only',
]);

interface SocketAddress {
  address: string;
  port: number;
}

/** "::0" and "0:0::0" are "::": one spelling per address, so two spellings of one socket meet. */
function canonicalIpv6(address: string): string {
  return isIPv6(address) ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
}

/**
 * nginx's listen address forms: "8080", "*:80", "127.0.0.1", "[::]:443", "[::1]", "localhost:8000".
 * "0.0.0.0" is the IPv4 wildcard that "*" and a bare port name too: one socket, written "*".
 */
function parseInetAddress(text: string, defaultPort: number): SocketAddress | undefined {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed !== null) {
    const portText = bracketed[2];
    const port = portText === undefined ? defaultPort : readPort(portText);
    return port === undefined ? undefined : { address: canonicalIpv6(bracketed[1] as string), port };
  }
  if (/^\d+$/.test(text)) {
    const bare = readPort(text);
    return bare === undefined ? undefined : { address: '*', port: bare };
  }
  const colon = text.lastIndexOf(':');
  const wildcard = (address: string) => (address === '0.0.0.0' ? '*' : address.toLowerCase());
  if (colon === -1) return text === '' ? undefined : { address: wildcard(text), port: defaultPort };
  const port = readPort(text.slice(colon + 1));
  const address = text.slice(0, colon);
  return port === undefined || address === '' ? undefined : { address: wildcard(address), port };
}

/**
 * Reads one `listen` directive as written: its flags describe this directive alone until resolveSockets
 * merges every listen of the same address:port. An address without a port listens on 80 (nginx's default
 * as root); `unix:///run/x.sock` is the socket /run/x.sock; an unknown parameter usually means a missing
 * ";" and is reported at the directive.
 * @example parseListen(d) // d is `listen [::]:443 ssl;` -> { socket: '[::]:443', port: 443, ssl: true, ... }
 */
export function parseListen(directive: NginxDirective): NginxListen {
  const [target, ...params] = directive.args;
  const fail = (message: string) => nginxErrorAt(directive.file, directive.line, directive.column, message);
  if (target === undefined) throw fail('"listen" needs an address or port');
  const place = { file: directive.file, line: directive.line };
  const flags = new Set<string>();
  let ipv6only: boolean | undefined;
  for (const param of params) {
    const [key, value] = param.split('=', 2) as [string, string | undefined];
    if (value === undefined && FLAGS.has(key)) {
      flags.add(key);
    } else if (value !== undefined && VALUED.has(key)) {
      if (key === 'ipv6only') {
        if (value !== 'on' && value !== 'off')
          throw fail(`invalid value "${param}" in "listen": use on or off`);
        ipv6only = value === 'on';
      }
    } else {
      throw fail(`invalid parameter "${param}" in "listen ${target}" (a missing ";" before it?)`);
    }
  }
  const common = {
    ...place,
    transport: flags.has('udp') || flags.has('quic') ? ('udp' as const) : ('tcp' as const),
    params,
    ssl: flags.has('ssl'),
    http2: flags.has('http2'),
    proxyProtocol: flags.has('proxy_protocol'),
    defaultServer: flags.has('default_server') || flags.has('default'),
    implicit: false,
    ...(ipv6only === undefined ? {} : { ipv6only }),
  };
  if (target.startsWith('unix:')) {
    const written = target.slice('unix:'.length);
    if (written === '') throw fail('"listen unix:" needs a socket path');
    // The kernel reads "///run/x.sock" as /run/x.sock; a relative path stays relative (to nginx's cwd).
    const path = written.startsWith('/') ? posix.normalize(written) : written;
    return { kind: 'unix', socket: `unix:${path}`, path, ...common };
  }
  const parsed = parseInetAddress(target, 80);
  if (parsed === undefined) throw fail(`invalid address "${target}" in "listen"`);
  return {
    kind: 'inet',
    socket: formatHostPort(parsed.address, parsed.port),
    address: parsed.address,
    port: parsed.port,
    ...common,
  };
}

/**
 * One listen per address its hostname resolved to (nginx listens on each), named as nginx names those
 * sockets, so `listen localhost:8080` meets `listen 127.0.0.1:8080` on one socket.
 * @example expandListenHost(localhost8080, ['127.0.0.1']) // [{ socket: '127.0.0.1:8080', host: 'localhost', ... }]
 */
export function expandListenHost(listen: NginxListen, addresses: readonly string[]): NginxListen[] {
  const { address: host, port } = listen;
  if (listen.kind !== 'inet' || host === undefined || port === undefined) return [listen];
  return addresses.map((resolved) => {
    const address = resolved === '0.0.0.0' ? '*' : canonicalIpv6(resolved);
    return { ...listen, address, socket: formatHostPort(address, port), host };
  });
}

/** What nginx listens on for a server block with no `listen` directive at all. */
export function implicitListen(place: { file: string; line: number }): NginxListen {
  return {
    kind: 'inet',
    socket: '*:80',
    address: '*',
    port: 80,
    transport: 'tcp',
    params: [],
    ssl: false,
    http2: false,
    proxyProtocol: false,
    defaultServer: false,
    implicit: true,
    ...place,
  };
}
