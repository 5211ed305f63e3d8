import { isIPv4, isIPv6 } from 'node:net';
import { readListenerKey } from '../config/read-listener-key.js';
import { formatHostPort } from '../probe/format-host-port.js';
import type { DraftComment } from './draft-comment.js';
import { concreteHostname } from './nginx/classify-server-name.js';
import type { NginxInventory, NginxListen, NginxServerBlock } from './nginx/nginx-inventory.js';
import { planTrust } from './plan-trust.js';
import { isPrivateName } from './public-name.js';

/** A frontdoor configuration in its YAML (v1) shape, ready for `yaml.stringify`. */
export interface DiscoveredConfigDocument {
  origins: Record<string, string>;
  resolve?: Record<string, string>;
  ca?: string[];
  sites: Record<string, { url: string; aliases?: string[]; origins: string[] }>;
  host: { listeners: Record<string, string>; nginx_config: string };
}

export type { DraftComment };

export interface FrontdoorDraft {
  document: DiscoveredConfigDocument;
  /** one per guess the draft makes, and per block it leaves out */
  comments: DraftComment[];
  /** blocks left out of `sites`, with why: catch-alls and blocks without a name to probe */
  skipped: string[];
}

/** Owners of the unix sockets nginx passes to; proxy_pass and grpc_pass sockets have no telling owner. */
const SOCKET_OWNERS = { fastcgi_pass: 'php-fpm', uwsgi_pass: 'uwsgi' } as const;

// A wildcard listen accepts on every address; from the box itself, loopback reaches that same socket.
function reachableAddress(address: string): string {
  if (address === '*') return '127.0.0.1';
  if (address === '::') return '::1';
  return address;
}

function originName(address: string, port: number | undefined): string {
  const label = address.includes(':') ? `v6-${address}` : address;
  const base = `nginx-${label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}`;
  return port === undefined ? base : `${base}-${port}`;
}

// A probe speaks plain HTTP or TLS, not the PROXY protocol, and cannot reach UDP (QUIC) listens.
function probeable(listen: NginxListen): boolean {
  return listen.kind === 'inet' && listen.transport === 'tcp' && !listen.proxyProtocol;
}

function siteListens(server: NginxServerBlock): { scheme: 'http' | 'https'; listens: NginxListen[] } {
  const inet = server.listens.filter(probeable);
  const secure = inet.filter((listen) => listen.ssl);
  return secure.length > 0
    ? { scheme: 'https', listens: secure }
    : { scheme: 'http', listens: inet.filter((listen) => !listen.ssl) };
}

// host.listeners takes IP literals only (the host check matches /proc's socket addresses); a listen on a
// hostname ("localhost:8000") binds whatever it resolves to, so its expectation is the port on any address.
function listenerKey(listen: NginxListen): string {
  if (listen.kind === 'unix') return listen.socket;
  const port = listen.port ?? 80;
  const address = listen.address ?? '*';
  if (address === '*' || address === '::' || (!isIPv4(address) && !isIPv6(address))) return String(port);
  return formatHostPort(address, port);
}

function collectListeners(inventory: NginxInventory): Record<string, string> {
  const listeners: Record<string, string> = {};
  for (const server of inventory.servers) {
    // frontdoor host reads TCP and unix sockets; a UDP (quic, stream udp) listen has no key there.
    for (const listen of server.listens)
      if (listen.transport === 'tcp') listeners[listenerKey(listen)] = 'nginx';
    for (const target of server.upstreams) {
      const directive = target.directive;
      if (directive !== 'fastcgi_pass' && directive !== 'uwsgi_pass') continue;
      for (const endpoint of target.endpoints) {
        if (endpoint.kind === 'unix') listeners[endpoint.endpoint] = SOCKET_OWNERS[directive];
      }
    }
  }
  // A relative unix path (nginx resolves it against its working directory) has no key the check accepts.
  const accepted = Object.entries(listeners).filter(([key]) => readListenerKey(key).ok);
  return Object.fromEntries(accepted.sort(([a], [b]) => a.localeCompare(b)));
}

function describeBlock(server: NginxServerBlock): string {
  return `${server.file}:${server.line}`;
}

/** Why a block gets no site: a catch-all, or nothing a visitor could name. */
function skipReason(server: NginxServerBlock, hostnames: string[]): string | undefined {
  if (server.refuses === 'return 444') return 'a catch-all (return 444)';
  if (server.refuses === 'ssl_reject_handshake') return 'a catch-all (ssl_reject_handshake on)';
  if (hostnames.length === 0)
    return 'no exact server name to probe (placeholders, wildcards or regexes only)';
  if (siteListens(server).listens.length === 0)
    return 'no TCP listen a probe can reach (unix, UDP or proxy_protocol)';
  return undefined;
}

function exactNames(server: NginxServerBlock): string[] {
  return server.serverNames
    .filter((name) => name.suspicious === undefined)
    .map(concreteHostname)
    .filter((name): name is string => name !== undefined);
}

/**
 * Drafts a frontdoor configuration from nginx's: one site per HTTP server block with probe-able names
 * (TLS blocks first, so a port-80 redirect block for the same names adds nothing) on the scheme and port
 * nginx really serves there, its URL on the block's health location when it has one, its listen addresses
 * as origins, fixed answers (`resolve`) for names public DNS cannot know, the CA files its certificates
 * need (`ca`), and the sockets nginx and its FastCGI/uWSGI backends must own as host listeners. Catch-alls
 * (return 444, ssl_reject_handshake) and blocks with placeholder names only are left out. Every guess
 * comes with a comment.
 */
export function buildFrontdoorConfig(inventory: NginxInventory): FrontdoorDraft {
  const origins: Record<string, string> = {};
  const resolve: Record<string, string> = {};
  const sites: DiscoveredConfigDocument['sites'] = {};
  const comments: DraftComment[] = [];
  const skipped: string[] = [];
  const claimed = new Set<string>();
  const http = inventory.servers.filter((server) => server.context === 'http');
  const ordered = [
    ...http.filter((server) => siteListens(server).scheme === 'https'),
    ...http.filter((server) => siteListens(server).scheme === 'http'),
  ];
  const drafted: NginxServerBlock[] = [];
  for (const server of ordered) {
    const names = exactNames(server);
    const why = skipReason(server, names);
    if (why !== undefined) {
      skipped.push(`${describeBlock(server)}: ${why}`);
      continue;
    }
    const { scheme, listens } = siteListens(server);
    const hostnames = names.filter((name) => !claimed.has(name));
    const [primary, ...aliases] = [...new Set(hostnames)];
    if (primary === undefined) continue;
    for (const name of hostnames) claimed.add(name);
    drafted.push(server);
    const standard = scheme === 'https' ? 443 : 80;
    const urlPort = (listens.find((listen) => listen.port === standard) ?? listens[0])?.port ?? standard;
    const siteOrigins: string[] = [];
    for (const listen of listens) {
      const address = reachableAddress(listen.address ?? '*');
      const port = listen.port === urlPort ? undefined : listen.port;
      const name = originName(address, port);
      origins[name] = port === undefined ? address : formatHostPort(address, port);
      if (!siteOrigins.includes(name)) siteOrigins.push(name);
    }
    const host = urlPort === standard ? primary : `${primary}:${urlPort}`;
    const [healthPath] = server.healthPaths;
    sites[primary] = {
      url: `${scheme}://${host}${healthPath ?? '/'}`,
      ...(aliases.length > 0 ? { aliases } : {}),
      origins: siteOrigins,
    };
    comments.push({
      path: ['sites', primary, 'url'],
      inline: true,
      text:
        healthPath === undefined
          ? `guess: ${describeBlock(server)} has no health location; set the path to probe`
          : `the health location of ${describeBlock(server)}`,
    });
    const address = reachableAddress(listens[0]?.address ?? '*');
    for (const name of [primary, ...aliases]) if (isPrivateName(name)) resolve[name] = address;
  }
  const trust = planTrust(drafted);
  // A loop, not push(...list): one comment per block with an unknown issuer, and blocks have no small bound.
  for (const comment of trust.comments) comments.push(comment);
  if (Object.keys(resolve).length > 0) {
    comments.push({
      path: ['resolve'],
      text: 'guess: these names are not public DNS names, so probes through the edge are sent to this box',
    });
  }
  const document: DiscoveredConfigDocument = {
    origins,
    ...(Object.keys(resolve).length > 0 ? { resolve } : {}),
    ...(trust.ca.length > 0 ? { ca: trust.ca } : {}),
    sites,
    host: { listeners: collectListeners(inventory), nginx_config: inventory.mainFile },
  };
  return { document, comments, skipped };
}
