import { readFile } from 'node:fs/promises';

/**
 * Direct children of `pid` from /proc (Linux). nginx and php-fpm replace their workers on reload; comparing
 * the worker set before and after is how the lab knows a reload took effect.
 */
export async function listChildPids(pid: number): Promise<number[]> {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text
      .split(/\s+/)
      .filter((part) => part !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** Whether a process with this pid still exists (a zombie counts until it is reaped). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
