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

/**
 * What nginx makes of shared sockets that the operator may not mean: several blocks and no
 * default_server, two default_servers (nginx refuses to start), listens that disagree on ssl, http2 or
 * proxy_protocol (the union applies to all), and server names claimed twice on one address:port (the first
 * block wins, as nginx -t warns). Only http sockets over TCP choose blocks by name.
 */
export function auditSockets(inventory: NginxInventory): DiscoveryWarning[] {
  const { servers } = inventory;
  const warnings: DiscoveryWarning[] = [];
  for (const socket of inventory.sockets) {
    if (socket.context === 'http' && socket.transport === 'tcp')
      warnings.push(...warnDefault(socket, servers));
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
  return warnings;
}
