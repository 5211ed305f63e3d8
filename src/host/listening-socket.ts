import { formatHostPort } from '../probe/format-host-port.js';
/** A listening socket as the kernel reports it in /proc/net, before it is mapped to a process. */
export interface TcpListeningSocket {
  kind: 'tcp';
  family: 'ipv4' | 'ipv6';
  /** canonical text form: "127.0.0.1", "::", "::ffff:127.0.0.1" */
  address: string;
  port: number;
  inode: number;
}

export interface UnixListeningSocket {
  kind: 'unix';
  /** filesystem path, or "@name" for an abstract socket */
  path: string;
  inode: number;
}

export type ListeningSocket = TcpListeningSocket | UnixListeningSocket;

/** What /proc says about a process that holds a socket; fields unreadable without privileges stay absent. */
export interface ProcessInfo {
  pid: number;
  /** the executable's file name when /proc/PID/exe is readable, else /proc/PID/comm */
  name: string;
  /** /proc/PID/exe target */
  exe?: string;
  /** /proc/PID/cmdline, NUL-separated arguments */
  cmdline: string[];
  /** systemd unit from /proc/PID/cgroup, e.g. "nginx.service" */
  unit?: string;
}

/** A listening socket with every process that has it open (nginx master and workers share one). */
export interface Listener {
  socket: ListeningSocket;
  processes: ProcessInfo[];
}

export interface ListenerInventory {
  listeners: Listener[];
  /** pids whose /proc/PID/fd could not be read (not root): their sockets show with no process */
  unreadablePids: number[];
}

/** "127.0.0.1:443", "[::]:443", "unix:/run/php/php8.2-fpm.sock" */
export function formatSocket(socket: ListeningSocket): string {
  if (socket.kind === 'unix') return `unix:${socket.path}`;
  return formatHostPort(socket.address, socket.port);
}
