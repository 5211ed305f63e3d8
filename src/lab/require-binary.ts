import { accessSync, constants, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Server programs the lab can start; php-fpm is packaged under versioned names on Debian (php-fpm8.2). */
export type LabBinary =
  | 'nginx'
  | 'php-fpm'
  | 'haproxy'
  | 'openssl'
  | 'prometheus'
  | 'prometheus-blackbox-exporter'
  | 'postgres';

/** Where distribution packages and local builds put these programs (sbin first: they are daemons). */
export const BINARY_SEARCH_DIRS: readonly string[] = [
  '/usr/sbin',
  '/usr/bin',
  '/usr/local/sbin',
  '/usr/local/bin',
];

const VERSIONED_PHP_FPM = /^php-fpm(\d+)\.(\d+)$/;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Highest versioned php-fpm in `dir` (php-fpm8.3 beats php-fpm8.2), compared numerically. */
function findVersionedPhpFpm(dir: string): string | undefined {
  const candidates = listDir(dir)
    .map((file) => ({ file, match: VERSIONED_PHP_FPM.exec(file) }))
    .filter((entry) => entry.match !== null && isExecutable(join(dir, entry.file)))
    .map((entry) => ({ file: entry.file, major: Number(entry.match?.[1]), minor: Number(entry.match?.[2]) }))
    .sort((a, b) => b.major - a.major || b.minor - a.minor);
  const best = candidates[0];
  return best === undefined ? undefined : join(dir, best.file);
}

/** Debian keeps each PostgreSQL major version's server programs off the PATH, in /usr/lib/postgresql/N/bin. */
function findVersionedPostgres(libDir: string): string | undefined {
  const newest = listDir(libDir)
    .filter((name) => /^\d+$/.test(name) && isExecutable(join(libDir, name, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? undefined : join(libDir, newest, 'bin', 'postgres');
}

/**
 * Absolute path of an installed server program, or undefined when none of the search dirs has it.
 * @example findBinary('php-fpm') // "/usr/sbin/php-fpm8.2"
 */
export function findBinary(
  name: LabBinary,
  searchDirs: readonly string[] = BINARY_SEARCH_DIRS,
  postgresLibDir = '/usr/lib/postgresql',
): string | undefined {
  if (name === 'postgres') return findVersionedPostgres(postgresLibDir);
  for (const dir of searchDirs) {
    const plain = join(dir, name);
    if (isExecutable(plain)) return plain;
    if (name === 'php-fpm') {
      const versioned = findVersionedPhpFpm(dir);
      if (versioned !== undefined) return versioned;
    }
  }
  return undefined;
}
