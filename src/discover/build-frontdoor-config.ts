import { isIPv4, isIPv6 } from 'node:net';
import { readListenerKey } from '../config/read-listener-key.js';
import { formatHostPort } from '../probe/format-host-port.js';
import { concreteHostname } from './nginx/classify-server-name.js';
import type { NginxInventory, NginxListen, NginxServerBlock } from './nginx/nginx-inventory.js';

/** A frontdoor configuration in its YAML (v1) shape, ready for `yaml.stringify`. */
export interface DiscoveredConfigDocument {
  origins: Record<string, string>;
  sites: Record<string, { url: string; aliases?: string[]; origins: string[] }>;
  host: { listeners: Record<string, string>; nginx_config: string };
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

function siteListens(server: NginxServerBlock): { scheme: 'http' | 'https'; listens: NginxListen[] } {
  const inet = server.listens.filter((listen) => listen.kind === 'inet');
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
    for (const listen of server.listens) listeners[listenerKey(listen)] = 'nginx';
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

/**
 * Drafts a frontdoor configuration from nginx's: one site per HTTP server block with probe-able names
 * (TLS blocks first, so a port-80 redirect block for the same names adds nothing), its URL on the
 * listen's scheme and port, its listen addresses as origins, and the sockets nginx and its FastCGI/uWSGI
 * backends must own as host listeners.
 */
export function buildFrontdoorConfig(inventory: NginxInventory): DiscoveredConfigDocument {
  const origins: Record<string, string> = {};
  const sites: DiscoveredConfigDocument['sites'] = {};
  const claimed = new Set<string>();
  const http = inventory.servers.filter((server) => server.context === 'http');
  const ordered = [
    ...http.filter((server) => siteListens(server).scheme === 'https'),
    ...http.filter((server) => siteListens(server).scheme === 'http'),
  ];
  for (const server of ordered) {
    const { scheme, listens } = siteListens(server);
    const hostnames = server.serverNames
      .map(concreteHostname)
      .filter((name): name is string => name !== undefined && !claimed.has(name));
    const [primary, ...aliases] = [...new Set(hostnames)];
    if (primary === undefined || listens.length === 0) continue;
    for (const name of hostnames) claimed.add(name);
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
    sites[primary] = {
      url: `${scheme}://${host}/`,
      ...(aliases.length > 0 ? { aliases } : {}),
      origins: siteOrigins,
    };
  }
  return {
    origins,
    sites,
    host: { listeners: collectListeners(inventory), nginx_config: inventory.mainFile },
  };
}
