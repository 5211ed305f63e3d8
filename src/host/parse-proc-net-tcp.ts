import { formatIpv6 } from '../address/format-ipv6.js';
import type { TcpListeningSocket } from './listening-socket.js';

/** TCP_LISTEN in the kernel's tcp_states.h, as printed in the "st" column. */
const STATE_LISTEN = '0A';

/**
 * Listening sockets from /proc/net/tcp or /proc/net/tcp6. Addresses are hex in host byte order
 * (little-endian on x86/arm): IPv4 one 32-bit word, IPv6 four 32-bit words, each word byte-reversed.
 */
export function parseProcNetTcp(text: string, family: 'ipv4' | 'ipv6'): TcpListeningSocket[] {
  const sockets: TcpListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
    const local = fields[1];
    const state = fields[3];
    const inode = fields[9];
    if (local === undefined || state !== STATE_LISTEN || inode === undefined) continue;
    const [hexAddress, hexPort] = local.split(':');
    if (hexAddress === undefined || hexPort === undefined) continue;
    const address = family === 'ipv4' ? decodeIpv4(hexAddress) : decodeIpv6(hexAddress);
    if (address === undefined) continue;
    sockets.push({ kind: 'tcp', family, address, port: Number.parseInt(hexPort, 16), inode: Number(inode) });
  }
  return sockets;
}

function wordBytes(hexWord: string): number[] {
  const value = Number.parseInt(hexWord, 16);
  // Host byte order is little-endian on every platform Node ships for that frontdoor targets.
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

function decodeIpv4(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return undefined;
  return wordBytes(hex).join('.');
}

function decodeIpv6(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...wordBytes(hex.slice(i, i + 8)));
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return formatIpv6(groups);
}
