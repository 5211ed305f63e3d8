import type { UnixListeningSocket } from './listening-socket.js';

/** __SO_ACCEPTCON: set once listen() was called. */
const FLAG_ACCEPTCON = 0x10000;
/** SS_UNCONNECTED: a listening socket is never connected. */
const STATE_UNCONNECTED = '01';

/**
 * Listening unix sockets from /proc/net/unix ("Num RefCount Protocol Flags Type St Inode Path").
 * Unnamed sockets are skipped; abstract ones keep the kernel's "@" prefix.
 */
export function parseProcNetUnix(text: string): UnixListeningSocket[] {
  const sockets: UnixListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    // The path may contain spaces, so split only the seven fixed columns off the front.
    const match = /^\s*\S+:\s+\S+\s+\S+\s+([0-9A-Fa-f]+)\s+\S+\s+(\S+)\s+(\d+)(?:\s(.*))?$/.exec(line);
    if (match === null) continue;
    const [, flags = '0', state, inode = '0', path] = match;
    if ((Number.parseInt(flags, 16) & FLAG_ACCEPTCON) === 0 || state !== STATE_UNCONNECTED) continue;
    const trimmed = path?.trim();
    if (trimmed === undefined || trimmed === '') continue;
    sockets.push({ kind: 'unix', path: trimmed, inode: Number(inode) });
  }
  return sockets;
}
