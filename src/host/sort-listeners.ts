import type { Listener, ListeningSocket, TcpListeningSocket } from './listening-socket.js';

/** By port, then address (IPv4 before IPv6, numerically); unix sockets by path: /proc's order is the kernel's hash order. */
export function sortListeners(listeners: readonly Listener[]): Listener[] {
  return [...listeners].sort((a, b) => compareSockets(a.socket, b.socket));
}

function compareSockets(a: ListeningSocket, b: ListeningSocket): number {
  if (a.kind !== b.kind) return a.kind === 'tcp' ? -1 : 1;
  if (a.kind === 'unix' || b.kind === 'unix')
    return a.kind === 'unix' && b.kind === 'unix' ? a.path.localeCompare(b.path) : 0;
  return a.port - b.port || compareAddresses(a, b) || a.inode - b.inode;
}

function compareAddresses(a: TcpListeningSocket, b: TcpListeningSocket): number {
  if (a.family !== b.family) return a.family === 'ipv4' ? -1 : 1;
  const key = (socket: TcpListeningSocket) =>
    socket.family === 'ipv4'
      ? socket.address
          .split('.')
          .map((part) => part.padStart(3, '0'))
          .join('.')
      : expandIpv6(socket.address);
  return key(a).localeCompare(key(b));
}

/** "::1" -> "0000:...:0001", so that IPv6 addresses sort numerically as text. */
function expandIpv6(address: string): string {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((group) => group.padStart(4, '0')).join(':');
}
