import { executableName } from './executable-name.js';
import type { ProcessInfo } from './listening-socket.js';

/**
 * Whether a process is the expected owner: its comm or executable basename equals the name, or is the
 * name plus a version suffix ("php-fpm" matches "php-fpm8.2"). nginx master and workers share comm "nginx".
 */
export function matchesOwner(process: ProcessInfo, owner: string): boolean {
  const wanted = owner.toLowerCase();
  const candidates = [process.name, process.exe, process.cmdline[0]?.split(/[\s:]/)[0]]
    .filter((c): c is string => c !== undefined && c !== '')
    .map((c) => executableName(c).toLowerCase());
  return candidates.some(
    (candidate) =>
      candidate === wanted ||
      (candidate.startsWith(wanted) && /^[\d._-]+$/.test(candidate.slice(wanted.length))),
  );
}
