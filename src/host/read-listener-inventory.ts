import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { executableName } from './executable-name.js';
import type { Listener, ListenerInventory, ListeningSocket, ProcessInfo } from './listening-socket.js';
import { parseSystemdUnit } from './parse-cgroup.js';
import { parseProcNetTcp } from './parse-proc-net-tcp.js';
import { parseProcNetUnix } from './parse-proc-net-unix.js';

/**
 * Every listening TCP (v4, v6) and unix socket under `procRoot`, each with the processes holding it,
 * found by reading /proc/PID/fd links "socket:[inode]". Processes whose fd table cannot be read
 * (another user's, without root) are listed in `unreadablePids`; they never make this throw.
 */
export async function readListenerInventory(procRoot = '/proc'): Promise<ListenerInventory> {
  const sockets: ListeningSocket[] = [
    ...parseProcNetTcp(await readOptional(join(procRoot, 'net/tcp')), 'ipv4'),
    ...parseProcNetTcp(await readOptional(join(procRoot, 'net/tcp6')), 'ipv6'),
    ...parseProcNetUnix(await readOptional(join(procRoot, 'net/unix'))),
  ];
  const wanted = new Set(sockets.map((s) => s.inode));
  const { holders, unreadablePids } = await findSocketHolders(procRoot, wanted);
  const listeners: Listener[] = sockets.map((socket) => ({
    socket,
    processes: holders.get(socket.inode) ?? [],
  }));
  return { listeners, unreadablePids };
}

async function findSocketHolders(procRoot: string, inodes: ReadonlySet<number>) {
  const holders = new Map<number, ProcessInfo[]>();
  const unreadablePids: number[] = [];
  const pids = (await readdir(procRoot)).filter((name) => /^\d+$/.test(name)).map(Number);
  for (const pid of pids.sort((a, b) => a - b)) {
    const held = await readSocketInodes(join(procRoot, String(pid)), inodes);
    if (held === 'unreadable') {
      unreadablePids.push(pid);
      continue;
    }
    if (held.size === 0) continue;
    const info = await readProcessInfo(procRoot, pid);
    if (info === undefined) continue;
    for (const inode of held) {
      const list = holders.get(inode) ?? [];
      list.push(info);
      holders.set(inode, list);
    }
  }
  return { holders, unreadablePids };
}

/** The wanted socket inodes among a process's open files; 'unreadable' without permission. */
async function readSocketInodes(pidDir: string, inodes: ReadonlySet<number>) {
  const found = new Set<number>();
  let fds: string[];
  try {
    fds = await readdir(join(pidDir, 'fd'));
  } catch (error) {
    // A process that exited meanwhile (ENOENT/ESRCH) is simply gone; anything else is a permission wall.
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ESRCH' ? found : 'unreadable';
  }
  for (const fd of fds) {
    const target = await readlink(join(pidDir, 'fd', fd)).catch(() => undefined);
    const match = target === undefined ? null : /^socket:\[(\d+)\]$/.exec(target);
    if (match !== null && inodes.has(Number(match[1]))) found.add(Number(match[1]));
  }
  return found;
}

async function readProcessInfo(procRoot: string, pid: number): Promise<ProcessInfo | undefined> {
  const dir = join(procRoot, String(pid));
  const comm = await readFile(join(dir, 'comm'), 'utf8').catch(() => undefined);
  if (comm === undefined) return undefined;
  const exe = await readlink(join(dir, 'exe')).catch(() => undefined);
  const cmdline = (await readOptional(join(dir, 'cmdline'))).split('\0').filter((arg) => arg !== '');
  const unit = parseSystemdUnit(await readOptional(join(dir, 'cgroup')));
  return {
    pid,
    // comm is the main thread's name, which programs may change (Node 24 calls it "MainThread"); the
    // executable names the program itself whenever /proc lets us read it.
    name: exe === undefined ? comm.trim() : executableName(exe),
    // Kept verbatim: " (deleted)" says the binary was upgraded under a process that was never restarted.
    ...(exe === undefined ? {} : { exe }),
    cmdline,
    ...(unit === undefined ? {} : { unit }),
  };
}

async function readOptional(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}
