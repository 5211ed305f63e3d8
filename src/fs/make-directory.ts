import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

// Kernel filesystems: mkdir there fails (ENOENT, EPERM) whatever the parent holds.
const KERNEL_FILESYSTEMS = ['/proc', '/sys', '/dev'];

/** The kernel filesystem `path` lies in ("/proc"), if any: nothing can be stored there. */
export function kernelFilesystemOf(path: string): string | undefined {
  const absolute = resolve(path);
  return KERNEL_FILESYSTEMS.find((root) => absolute === root || absolute.startsWith(`${root}/`));
}

/**
 * `mkdir -p` one component at a time. Node's recursive mkdir retries forever when the kernel answers
 * ENOENT for a directory whose parent exists (it does under /proc); here every failure is thrown once,
 * with its errno code, and a path component that is a file is ENOTDIR.
 */
export async function makeDirectory(path: string, mode: number): Promise<void> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    const info = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      return undefined;
    });
    if (info !== undefined) {
      if (!info.isDirectory())
        throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const directory of missing.reverse()) {
    try {
      await mkdir(directory, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
