import { describe, expect, it } from 'vitest';
import { formatSocket, type Listener, type ListeningSocket } from './listening-socket.js';
import { sortListeners } from './sort-listeners.js';

const tcp = (address: string, port: number): Listener => ({
  socket: { kind: 'tcp', family: address.includes(':') ? 'ipv6' : 'ipv4', address, port, inode: port },
  processes: [],
});
const unix = (path: string): Listener => ({ socket: { kind: 'unix', path, inode: 1 }, processes: [] });

describe('sortListeners', () => {
  it('orders by port, then IPv4 before IPv6, addresses numerically, unix sockets last by path', () => {
    const sorted = sortListeners([
      unix('/run/php/b.sock'),
      tcp('::', 443),
      tcp('127.0.0.10', 80),
      tcp('0.0.0.0', 443),
      unix('/run/a.sock'),
      tcp('127.0.0.9', 80),
      tcp('::1', 80),
      tcp('2001:db8::2', 80),
    ]);
    expect(sorted.map((l) => formatSocket(l.socket as ListeningSocket))).toEqual([
      '127.0.0.9:80',
      '127.0.0.10:80',
      '[::1]:80',
      '[2001:db8::2]:80',
      '0.0.0.0:443',
      '[::]:443',
      'unix:/run/a.sock',
      'unix:/run/php/b.sock',
    ]);
  });
});
