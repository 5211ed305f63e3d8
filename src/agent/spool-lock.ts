import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describeSystemError } from '../describe-system-error.js';
import { FrontdoorError } from '../errors.js';
import { readProcessStarts } from '../host/read-process-start.js';

export const LOCK_FILE = 'agent.lock';

/**
 * Makes sure one agent at a time uses a spool: two would hand out the same sequence numbers. The lock
 * file holds the owner's pid and kernel start time, so a lock left by a dead agent (kill -9, a reboot
 * that reused its pid) is recognised as stale and taken over. Resolves to the function that releases it.
 */
export async function lockSpool(dir: string, procRoot = '/proc'): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  const own = (await describeProcess(process.pid, procRoot)) ?? String(process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx', 0o600);
      await file.writeFile(own);
      await file.close();
      return async () => {
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new FrontdoorError(
          'FD_ERR_IO',
          `cannot lock the spool ${dir}: ${describeSystemError(error, 'EIO')}`,
          {
            cause: error,
          },
        );
      }
    }
    const holder = (await readFile(path, 'utf8').catch(() => '')).trim();
    const pid = Number(holder.split(' ')[0]);
    const alive = Number.isSafeInteger(pid) && pid > 0 && (await describeProcess(pid, procRoot));
    if (alive !== false && alive !== undefined && holder === alive) {
      throw new FrontdoorError(
        'FD_ERR_IO',
        `the spool ${dir} is in use by another frontdoor agent (pid ${pid}); give this one its own --spool`,
      );
    }
    await rm(path, { force: true });
  }
  throw new FrontdoorError('FD_ERR_IO', `cannot lock the spool ${dir}: another agent keeps taking it`);
}

/** "PID STARTTICKS" of a running process; undefined when it is not running (or /proc cannot tell). */
async function describeProcess(pid: number, procRoot: string): Promise<string | undefined> {
  const start = (await readProcessStarts(procRoot, [pid])).get(pid);
  return start === undefined ? undefined : `${pid} ${start.startTicks}`;
}
