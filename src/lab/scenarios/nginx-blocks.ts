import type { IssuedCertificate } from '../certificates.js';
import { type NginxServer, startNginx } from '../nginx-server.js';
import type { Endpoint, Topology } from './topology.js';

/**
 * What a door's default server does with a Host no site claims: `drop` closes the connection (nginx's
 * `return 444`, the usual catch-all of a fleet), `invalid-hostname` answers like incident 001's proxy did.
 */
export type DefaultServer = 'drop' | 'invalid-hostname';

export interface NginxSite {
  names: string[];
  /** directives inside the server block after listen/server_name/certificates (locations) */
  body: string;
}

/** One origin's front door: a TLS listener with a default server and the sites it routes. */
export interface NginxDoor {
  endpoint: Endpoint;
  cert: IssuedCertificate;
  defaultServer: DefaultServer;
  sites: NginxSite[];
}

const listenAddress = ({ host, port }: Endpoint) =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

// HTTP.sys's wording, which incident 001's visitors saw for the public name.
const INVALID_HOSTNAME_BODY =
  'Bad Request - Invalid Hostname\\n\\nHTTP Error 400. The request hostname is invalid.\\n';

function renderDefaultServer(door: NginxDoor): string {
  const answer = door.defaultServer === 'drop' ? 'return 444;' : `return 400 "${INVALID_HOSTNAME_BODY}";`;
  return [
    'server {',
    `  listen ${listenAddress(door.endpoint)} ssl default_server;`,
    `  ssl_certificate ${door.cert.certPath};`,
    `  ssl_certificate_key ${door.cert.keyPath};`,
    `  ${answer}`,
    '}',
  ].join('\n');
}

function renderSite(door: NginxDoor, site: NginxSite): string {
  return [
    'server {',
    `  listen ${listenAddress(door.endpoint)} ssl;`,
    `  server_name ${site.names.join(' ')};`,
    `  ssl_certificate ${door.cert.certPath};`,
    `  ssl_certificate_key ${door.cert.keyPath};`,
    site.body,
    '}',
  ].join('\n');
}

/** The server blocks of one door: its default server first, then one block per site. */
export function renderDoor(door: NginxDoor): string {
  return [renderDefaultServer(door), ...door.sites.map((site) => renderSite(door, site))].join('\n');
}

/** `upstream NAME { server host:port; ... }` */
export function renderUpstream(name: string, servers: readonly Endpoint[]): string {
  return [`upstream ${name} {`, ...servers.map((server) => `  server ${listenAddress(server)};`), '}'].join(
    '\n',
  );
}

/** A location that proxies to an upstream block, passing the visitor's Host on. */
export function renderProxyLocation(path: string, upstream: string, extra: readonly string[] = []): string {
  return [
    `location ${path} {`,
    `  proxy_pass http://${upstream};`,
    '  proxy_set_header Host $host;',
    ...extra.map((line) => `  ${line}`),
    '}',
  ].join('\n');
}

/** A location that hands every request to one PHP script of a php-fpm pool. */
export function renderFastcgiLocation(
  path: string,
  options: { socketPath: string; docroot: string; script: string; extra?: readonly string[] },
): string {
  return [
    `location ${path} {`,
    ...(options.extra ?? []).map((line) => `  ${line}`),
    `  fastcgi_pass unix:${options.socketPath};`,
    `  fastcgi_param SCRIPT_FILENAME ${options.docroot}/${options.script};`,
    `  fastcgi_param SCRIPT_NAME /${options.script};`,
    '  fastcgi_param QUERY_STRING $query_string;',
    '  fastcgi_param REQUEST_METHOD $request_method;',
    '  fastcgi_param REQUEST_URI $request_uri;',
    '  fastcgi_param SERVER_PROTOCOL $server_protocol;',
    '}',
  ].join('\n');
}

/**
 * One nginx serving every door of the scenario (each door is a separate origin address). One master is
 * enough: from outside, two doors on two addresses look exactly like two boxes, and the lab saves a process.
 */
export async function startNginxDoors(
  topology: Topology,
  doors: readonly NginxDoor[],
  extraHttp: readonly string[] = [],
): Promise<NginxServer> {
  const nginx = await startNginx({ httpBlock: [...extraHttp, ...doors.map(renderDoor)].join('\n') });
  topology.onStop(() => nginx.stop());
  return nginx;
}
