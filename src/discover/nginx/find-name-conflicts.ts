import type { NginxServerBlock, NginxSocket } from './nginx-inventory.js';

/** A server_name that two blocks (or one block twice) claim on one address:port: nginx keeps the first. */
export interface NameConflict {
  socket: string;
  name: string;
  /** indexes into the inventory's servers */
  winner: number;
  loser: number;
}

/**
 * The names nginx warns about as `conflicting server name "x" on ADDR, ignored`, found the way
 * ngx_http_server_names adds them to its hashes, block by block in configuration order: an exact name
 * clashes with an earlier exact one (".example.com" also claims "example.com"), "*.example.com" and
 * ".example.com" share one wildcard key, "www.example.*" has its own; regular expressions never clash.
 * nginx builds these hashes only for an address with two blocks or more, so a lone block never conflicts.
 */
export function findNameConflicts(socket: NginxSocket, servers: NginxServerBlock[]): NameConflict[] {
  if (socket.context !== 'http' || socket.servers.length < 2) return [];
  const exact = new Map<string, number>();
  const head = new Map<string, number>();
  const tail = new Map<string, number>();
  const conflicts: NameConflict[] = [];
  // Adds `key` unless taken; the clash names the block that has it.
  const claim = (keys: Map<string, number>, key: string, server: number, name: string): boolean => {
    const owner = keys.get(key);
    if (owner !== undefined) {
      conflicts.push({ socket: socket.socket, name, winner: owner, loser: server });
      return false;
    }
    keys.set(key, server);
    return true;
  };
  for (const server of socket.servers) {
    for (const serverName of servers[server]?.serverNames ?? []) {
      const name = serverName.name.toLowerCase();
      // Regexes are never hashed; $hostname is this machine's name, which the configuration does not say.
      if (serverName.kind === 'regex' || name === '$hostname') continue;
      if (name.length > 1 && name.startsWith('.')) {
        if (claim(exact, name.slice(1), server, serverName.name))
          claim(head, name.slice(1), server, serverName.name);
      } else if (name.length > 2 && name.startsWith('*.')) {
        claim(head, name.slice(2), server, serverName.name);
      } else if (name.length > 2 && name.endsWith('.*')) {
        claim(tail, name.slice(0, -2), server, serverName.name);
      } else {
        claim(exact, name, server, serverName.name);
      }
    }
  }
  return conflicts;
}
