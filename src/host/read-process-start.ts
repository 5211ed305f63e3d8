import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Clock ticks per second in /proc/PID/stat's starttime: the kernel's USER_HZ, which is 100 on every
 * architecture Debian and Ubuntu ship except alpha and ia64 (`getconf CLK_TCK`). Node cannot call
 * sysconf, and spawning getconf every check for a constant is not worth it.
 */
export const USER_HZ = 100;

/** When a process started: kernel ticks since boot (exact, for comparisons) and the wall-clock time. */
export interface ProcessStart {
  pid: number;
  startTicks: number;
  /** boot time plus the ticks; absent when /proc/stat has no btime */
  startedAt?: Date;
}

/**
 * Field 22 (starttime) of /proc/PID/stat. The second field is the command name in parentheses and may
 * itself hold spaces and ")", so fields are counted from the last ")".
 * @example parseStartTicks('812 (openvpn) S 1 812 812 0 -1 ... 514060 ...') // 514060
 */
export function parseStartTicks(stat: string): number | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  // After ")" come fields 3 (state) onwards: starttime, field 22, is the 20th of them.
  const value = stat
    .slice(close + 1)
    .trim()
    .split(/\s+/)[19];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** `btime` of /proc/stat: the boot time in seconds since the epoch. */
export function parseBootTime(stat: string): number | undefined {
  const match = /^btime\s+(\d+)$/m.exec(stat);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * The start of each pid that still exists under `procRoot`; a process that exited meanwhile, or whose
 * stat cannot be read, is left out rather than guessed.
 */
export async function readProcessStarts(
  procRoot: string,
  pids: readonly number[],
): Promise<Map<number, ProcessStart>> {
  const bootSeconds = parseBootTime(await readFile(join(procRoot, 'stat'), 'utf8').catch(() => ''));
  const starts = new Map<number, ProcessStart>();
  for (const pid of new Set(pids)) {
    const stat = await readFile(join(procRoot, String(pid), 'stat'), 'utf8').catch(() => undefined);
    const startTicks = stat === undefined ? undefined : parseStartTicks(stat);
    if (startTicks === undefined) continue;
    const startedAt =
      bootSeconds === undefined ? undefined : new Date(bootSeconds * 1000 + (startTicks * 1000) / USER_HZ);
    starts.set(pid, { pid, startTicks, ...(startedAt === undefined ? {} : { startedAt }) });
  }
  return starts;
}
