import { basename } from 'node:path';

// readlink of /proc/PID/exe appends this when the binary was replaced or removed after the process started.
const DELETED = / \(deleted\)$/;

/** The program's file name from an executable path, " (deleted)" dropped: "/usr/sbin/nginx (deleted)" -> "nginx". */
export function executableName(path: string): string {
  return basename(path.replace(DELETED, ''));
}
