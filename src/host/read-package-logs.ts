import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, gunzip } from 'node:zlib';
import type { PackageChange } from './package-change.js';
import { parseAptHistory } from './parse-apt-history.js';
import { parseDpkgLog } from './parse-dpkg-log.js';

const gunzipAsync = promisify(gunzip);

export interface PackageLogs {
  changes: PackageChange[];
  /** log files read, newest first */
  files: string[];
  /** log files that exist but could not be read or decompressed, with the reason */
  unreadable: string[];
}

/**
 * Every package action since `since`, from `logDir`/apt/history.log and `logDir`/dpkg.log with their
 * rotations (.1, .2.gz, ...). The same change in both logs is kept once, from apt (it knows who asked).
 */
export async function readPackageLogs(logDir: string, since: Date): Promise<PackageLogs> {
  const files: string[] = [];
  const unreadable: string[] = [];
  const read = async (dir: string, base: string, parse: (text: string) => PackageChange[]) => {
    const found: PackageChange[] = [];
    for (const path of await listRotations(dir, base)) {
      try {
        const raw = await readFile(path);
        const { text, truncated } = path.endsWith('.gz')
          ? await decompress(raw)
          : { text: raw.toString('utf8'), truncated: false };
        files.push(path);
        if (truncated) unreadable.push(`${path}: truncated gzip, read up to the cut`);
        const parsed = parse(text);
        found.push(...parsed);
        // Rotations are ordered newest first: once a whole file predates the window, older ones do too.
        if (parsed.length > 0 && parsed.every((c) => c.time < since)) break;
      } catch (error) {
        unreadable.push(`${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
      }
    }
    return found.filter((c) => c.time >= since);
  };
  const apt = await read(join(logDir, 'apt'), 'history.log', parseAptHistory);
  const dpkg = await read(logDir, 'dpkg.log', parseDpkgLog);
  const changes = [...apt, ...dpkg.filter((d) => !apt.some((a) => sameChange(a, d)))];
  changes.sort((a, b) => a.time.getTime() - b.time.getTime() || a.package.localeCompare(b.package));
  return { changes, files, unreadable };
}

/**
 * A gzip cut short (a full disk during rotation, a copy interrupted) still holds every line before the
 * cut: decompress what is there and drop the last, partial line, rather than lose the whole file.
 */
async function decompress(raw: Buffer): Promise<{ text: string; truncated: boolean }> {
  try {
    return { text: (await gunzipAsync(raw)).toString('utf8'), truncated: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'Z_BUF_ERROR') throw error;
    const partial = (await gunzipAsync(raw, { finishFlush: constants.Z_SYNC_FLUSH })).toString('utf8');
    return { text: partial.slice(0, partial.lastIndexOf('\n') + 1), truncated: true };
  }
}

/** base, base.1, base.2.gz, ... sorted by rotation number (0 = the live file). */
async function listRotations(dir: string, base: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const rotation = (name: string) => {
    if (name === base) return 0;
    const match = new RegExp(`^${base.replace(/\./g, '\\.')}\\.(\\d+)(\\.gz)?$`).exec(name);
    return match === null ? undefined : Number(match[1]);
  };
  return names
    .map((name) => ({ name, n: rotation(name) }))
    .filter((entry): entry is { name: string; n: number } => entry.n !== undefined)
    .sort((a, b) => a.n - b.n)
    .map((entry) => join(dir, entry.name));
}

/** dpkg logs each step a few seconds after apt's Start-Date; ten minutes covers long transactions. */
function sameChange(apt: PackageChange, dpkg: PackageChange): boolean {
  const close = dpkg.time.getTime() - apt.time.getTime();
  return (
    apt.package === dpkg.package &&
    (apt.toVersion ?? apt.fromVersion) === (dpkg.toVersion ?? dpkg.fromVersion) &&
    (apt.action === dpkg.action || (apt.action === 'purge' && dpkg.action === 'remove')) &&
    close >= -60_000 &&
    close <= 600_000
  );
}
