import { readdir, readFile } from 'node:fs/promises';

/**
 * Whether any process of process group `pgid` is still running. A zombie does not count: it has ended and
 * only waits for its parent to reap it, which an orphan's new parent (a container's pid 1 that is not an
 * init) may never do, so `kill(-pgid, 0)` alone would report a finished group as alive forever.
 * Reads /proc on Linux; elsewhere (no /proc) falls back to `kill(-pgid, 0)`.
 */
export async function isProcessGroupRunning(pgid: number, procRoot = '/proc'): Promise<boolean> {
  if (!signalsReach(pgid)) return false;
  let entries: string[];
  try {
    entries = await readdir(procRoot);
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`${procRoot}/${entry}/stat`, 'utf8').catch(() => undefined);
    if (stat === undefined) continue;
    const fields = readStatFields(stat);
    if (fields !== undefined && fields.pgrp === pgid && fields.state !== 'Z' && fields.state !== 'X') {
      return true;
    }
  }
  return false;
}

/** `kill(-pgid, 0)`: false once no process (not even a zombie) is left in the group. */
function signalsReach(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM: a member exists that we may not signal; it still runs.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * State and process group from a /proc/PID/stat line. The command name (field 2) is in parentheses and may
 * itself contain spaces and parentheses, so fields are counted from the last ')'.
 */
export function readStatFields(stat: string): { state: string; pgrp: number } | undefined {
  const end = stat.lastIndexOf(')');
  if (end < 0) return undefined;
  // after ")": state, ppid, pgrp, ...
  const [state, , pgrp] = stat.slice(end + 2).split(' ');
  if (state === undefined || pgrp === undefined) return undefined;
  const group = Number(pgrp);
  return Number.isInteger(group) ? { state, pgrp: group } : undefined;
}
