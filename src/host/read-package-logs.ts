import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, gunzip } from 'node:zlib';
import { describeReadFailure, ReadRefusedError, readBoundedFile } from '../fs/read-bounded-file.js';
import { formatByteLimit, PACKAGE_LOG_READ_LIMIT } from '../fs/read-limits.js';
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
        const raw = await readBoundedFile(path, PACKAGE_LOG_READ_LIMIT);
        const { text, truncated } = path.endsWith('.gz')
          ? await decompress(raw)
          : { text: raw.toString('utf8'), truncated: false };
        files.push(path);
        if (truncated) unreadable.push(`${path}: truncated gzip, read up to the cut`);
        const parsed = parse(text);
        for (const change of parsed) found.push(change);
        // Rotations are ordered newest first: once a whole file predates the window, older ones do too.
        if (parsed.length > 0 && parsed.every((c) => c.time < since)) break;
      } catch (error) {
        unreadable.push(`${path}: ${describeReadFailure(error)}`);
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

// zlib stops at this many output bytes, so a gzip bomb among the rotations costs the limit, not the memory.
const MAX_OUTPUT = { maxOutputLength: PACKAGE_LOG_READ_LIMIT.maxBytes };

function decompressedTooLarge(): ReadRefusedError {
  return new ReadRefusedError(
    'FD_READ_TOO_LARGE',
    `larger than ${formatByteLimit(PACKAGE_LOG_READ_LIMIT.maxBytes)} decompressed, the limit for ${PACKAGE_LOG_READ_LIMIT.what}`,
  );
}

/**
 * A gzip cut short (a full disk during rotation, a copy interrupted) still holds every line before the
 * cut: decompress what is there and drop the last, partial line, rather than lose the whole file.
 */
async function decompress(raw: Buffer): Promise<{ text: string; truncated: boolean }> {
  try {
    return { text: (await gunzipAsync(raw, MAX_OUTPUT)).toString('utf8'), truncated: false };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw decompressedTooLarge();
    if (code !== 'Z_BUF_ERROR') throw error;
    const partial = await gunzipAsync(raw, { ...MAX_OUTPUT, finishFlush: constants.Z_SYNC_FLUSH }).catch(
      (inner: NodeJS.ErrnoException) => {
        throw inner.code === 'ERR_BUFFER_TOO_LARGE' ? decompressedTooLarge() : inner;
      },
    );
    const text = partial.toString('utf8');
    return { text: text.slice(0, text.lastIndexOf('\n') + 1), truncated: true };
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
