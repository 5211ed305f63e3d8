import { isIPv4 } from 'node:net';
import type { DiscoveryWarning } from './discovery-warning.js';
import { findNameConflicts } from './nginx/find-name-conflicts.js';
import type { NginxInventory, NginxListen, NginxServerBlock, NginxSocket } from './nginx/nginx-inventory.js';

const place = (server: NginxServerBlock | undefined) => `${server?.file ?? '?'}:${server?.line ?? 0}`;

/** Every listen of one socket with the block it sits in, in configuration order. */
function listensOf(socket: NginxSocket, servers: NginxServerBlock[]) {
  return socket.servers.flatMap((index) =>
    (servers[index]?.listens ?? [])
      .filter((listen) => listen.socket === socket.socket && listen.transport === socket.transport)
      .map((listen) => ({ index, listen })),
  );
}

function warnDefault(socket: NginxSocket, servers: NginxServerBlock[]): DiscoveryWarning[] {
  const first = servers[socket.servers[0] ?? -1];
  if (first === undefined) return [];
  const explicit = listensOf(socket, servers).filter(({ listen }) => listen.params.some(isDefaultParam));
  const blocks = [...new Set(explicit.map(({ index }) => index))];
  if (blocks.length > 1) {
    const [winner, loser] = blocks.map((index) => servers[index]);
    return [
      {
        code: 'duplicate_default_server',
        file: loser?.file ?? first.file,
        line: loser?.line ?? first.line,
        message: `a duplicate default server for ${socket.socket} in ${place(loser)} (${place(winner)} is default_server already): nginx -t refuses this configuration`,
      },
    ];
  }
  if (blocks.length === 1 || socket.servers.length < 2) return [];
  return [
    {
      code: 'no_default_server',
      file: first.file,
      line: first.line,
      message: `${socket.socket} is shared by ${socket.servers.length} server blocks and none is default_server: unknown hostnames get the first one (${place(first)})`,
    },
  ];
}

function isDefaultParam(param: string): boolean {
  return param === 'default_server' || param === 'default';
}

// The listen parameters nginx applies to the socket itself (ngx_http_core_listen marks them `set`): one
// listen per address:port may carry them, a second is "duplicate listen options" and nginx -t fails.
const BIND_OPTIONS = ['bind', 'deferred', 'reuseport'];
const BIND_VALUED = [
  'backlog=',
  'rcvbuf=',
  'sndbuf=',
  'setfib=',
  'fastopen=',
  'accept_filter=',
  'so_keepalive=',
  'ipv6only=',
];

function setsSocketOptions(listen: NginxListen): boolean {
  return listen.params.some(
    (param) => BIND_OPTIONS.includes(param) || BIND_VALUED.some((prefix) => param.startsWith(prefix)),
  );
}

function warnDuplicateOptions(socket: NginxSocket, servers: NginxServerBlock[]): DiscoveryWarning[] {
  const [first, second] = listensOf(socket, servers).filter(({ listen }) => setsSocketOptions(listen));
  if (first === undefined || second === undefined) return [];
  return [
    {
      code: 'duplicate_listen_options',
      file: second.listen.file,
      line: second.listen.line,
      message: `duplicate listen options for ${socket.socket} at ${second.listen.file}:${second.listen.line} (${first.listen.file}:${first.listen.line} sets them already: backlog, reuseport, ipv6only and the like go on one listen per address:port): nginx -t refuses this configuration`,
    },
  ];
}

const SOCKET_OPTIONS = [
  ['ssl', 'TLS'],
  ['http2', 'HTTP/2'],
  ['proxy_protocol', 'the PROXY protocol'],
] as const;

// nginx (1.23.4 and later) warns "protocol options redefined"; every version applies the union silently.
function warnMixedOptions(socket: NginxSocket, servers: NginxServerBlock[]): DiscoveryWarning[] {
  const listens = listensOf(socket, servers);
  const warnings: DiscoveryWarning[] = [];
  for (const [option, meaning] of SOCKET_OPTIONS) {
    const withIt = listens.find(({ listen }) => listen.params.includes(option));
    const without = listens.find(({ listen }) => !listen.params.includes(option));
    if (withIt === undefined || without === undefined) continue;
    const at = (listen: NginxListen) => `${listen.file}:${listen.line}`;
    warnings.push({
      code: 'listen_options_differ',
      file: without.listen.file,
      line: without.listen.line,
      message: `${socket.socket}: "${option}" is on the listen at ${at(withIt.listen)} but not at ${at(without.listen)}; nginx serves every block on ${socket.socket} with ${meaning}`,
    });
  }
  return warnings;
}

const isIpv4Address = (address: string | undefined) => address === '*' || isIPv4(address ?? '');

/**
 * `[::]:80 ipv6only=off` is a dual-stack socket: it also holds IPv4 port 80, so any IPv4 listen on that
 * port and transport (http or stream) asks the kernel for an address it has given away, and nginx stops
 * at "bind() ... failed (98: Address already in use)". nginx -t does not bind, so it passes.
 */
function warnDualStack(inventory: NginxInventory): DiscoveryWarning[] {
  const warnings: DiscoveryWarning[] = [];
  const ipv4 = new Map<string, NginxSocket[]>();
  for (const socket of inventory.sockets) {
    if (!isIpv4Address(socket.address)) continue;
    const key = `${socket.transport} ${socket.port}`;
    const same = ipv4.get(key);
    if (same === undefined) ipv4.set(key, [socket]);
    else same.push(socket);
  }
  for (const dual of inventory.sockets) {
    if (dual.address !== '::' || dual.ipv6only !== false) continue;
    for (const other of ipv4.get(`${dual.transport} ${dual.port}`) ?? []) {
      const at = listensOf(other, inventory.servers)[0]?.listen;
      const dualAt = listensOf(dual, inventory.servers)[0]?.listen;
      warnings.push({
        code: 'dual_stack_overlap',
        file: at?.file ?? '',
        line: at?.line ?? 0,
        message: `${other.socket} overlaps ${dual.socket} with ipv6only=off (${dualAt?.file ?? '?'}:${dualAt?.line ?? 0}), which holds IPv4 port ${dual.port} too: nginx cannot bind both and does not start`,
      });
    }
  }
  return warnings;
}

/**
 * What nginx makes of shared sockets that the operator may not mean: several blocks and no
 * default_server, two default_servers or two listens with socket options (nginx refuses to start), listens that disagree on ssl, http2 or
 * proxy_protocol (the union applies to all), server names claimed twice on one address:port (the first
 * block wins, as nginx -t warns), and IPv4 listens a dual-stack `[::]` socket already holds. Only http
 * sockets over TCP choose blocks by name.
 */
export function auditSockets(inventory: NginxInventory): DiscoveryWarning[] {
  const { servers } = inventory;
  const warnings: DiscoveryWarning[] = [];
  for (const socket of inventory.sockets) {
    if (socket.context === 'http' && socket.transport === 'tcp')
      warnings.push(...warnDefault(socket, servers));
    if (socket.context === 'http') warnings.push(...warnDuplicateOptions(socket, servers));
    warnings.push(...warnMixedOptions(socket, servers));
    for (const conflict of findNameConflicts(socket, servers)) {
      const loser = servers[conflict.loser];
      warnings.push({
        code: 'conflicting_server_name',
        file: loser?.file ?? '',
        line: loser?.line ?? 0,
        message: `conflicting server name "${conflict.name}" on ${conflict.socket}: nginx ignores it in ${place(loser)}; ${place(servers[conflict.winner])} answers it`,
      });
    }
  }
  for (const warning of warnDualStack(inventory)) warnings.push(warning);
  return warnings;
}
