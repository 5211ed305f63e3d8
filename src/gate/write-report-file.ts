import { randomBytes } from 'node:crypto';
import { constants, fstatSync, type Stats } from 'node:fs';
import { access, open, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describeSystemError, readSystemErrorCode } from '../describe-system-error.js';
import { FrontdoorError } from '../errors.js';

/** One of this process's own outputs (stdout, stderr), which a report path may name (/dev/stderr). */
export interface OwnOutput {
  fd: number;
  write(text: string): unknown;
}

export interface ReportFileOptions {
  /** the path as the user gave it, for messages */
  shownAs?: string;
  /** outputs a path may turn out to be (same device and inode): written through the stream, in order */
  ownOutputs?: readonly OwnOutput[];
}

/**
 * Where a report goes. Only a regular file (or a new path) is replaced atomically, by a temporary file
 * renamed over it: renaming over /dev/stderr (a symlink, as root) would replace it with a regular file,
 * and over a FIFO would leave its reader waiting. A symlink to a regular file is followed, so the link stays.
 */
type Destination =
  | { kind: 'replace'; path: string }
  | { kind: 'own_output'; output: OwnOutput }
  | { kind: 'fifo' }
  | { kind: 'device' }
  | { kind: 'refused'; code: 'EISDIR' | 'EBLOCKDEVICE' };

// A FIFO whose reader stops reading must not hold frontdoor forever once the pipe is full.
const FIFO_WRITE_DEADLINE_MS = 30_000;
const FIFO_RETRY_MS = 10;

/**
 * Writes a report: atomically (a temporary file beside it, then a rename) for a regular file or a new path,
 * so a CI step reading it never sees half a report; straight through for a character device, a FIFO or
 * this process's own stdout/stderr. Any failure is FrontdoorError FD_ERR_IO naming the path as given.
 */
export async function writeReportFile(
  path: string,
  contents: string,
  options: ReportFileOptions = {},
): Promise<void> {
  const shownAs = options.shownAs ?? path;
  let destination: Destination;
  try {
    destination = await locateDestination(path, options.ownOutputs ?? []);
  } catch (error) {
    throw ioError(shownAs, error);
  }
  switch (destination.kind) {
    case 'replace':
      return replaceFile(destination.path, contents, shownAs);
    case 'own_output':
      destination.output.write(contents);
      return;
    case 'fifo':
      return writeFifo(path, contents, shownAs);
    case 'device':
      try {
        await writeFile(path, contents);
      } catch (error) {
        throw ioError(shownAs, error);
      }
      return;
    case 'refused':
      throw ioError(shownAs, refusal(destination.code));
  }
}

/**
 * Fails early, before any probing or deploy, when a report could not be written later: a file to be
 * replaced needs a writable directory, a device or FIFO must be writable itself, a directory never is.
 */
export async function assertWritable(path: string, options: ReportFileOptions = {}): Promise<void> {
  const shownAs = options.shownAs ?? path;
  try {
    const destination = await locateDestination(path, options.ownOutputs ?? []);
    switch (destination.kind) {
      case 'replace':
        await access(dirname(destination.path), constants.W_OK);
        return;
      case 'own_output':
        return;
      case 'fifo':
      case 'device':
        await access(path, constants.W_OK);
        return;
      case 'refused':
        throw refusal(destination.code);
    }
  } catch (error) {
    throw ioError(shownAs, error);
  }
}

async function locateDestination(path: string, ownOutputs: readonly OwnOutput[]): Promise<Destination> {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (found === undefined) return { kind: 'replace', path };
  const output = ownOutputs.find((candidate) => sameFile(found, candidate.fd));
  if (output !== undefined) return { kind: 'own_output', output };
  const kind = classifyExisting(found);
  return kind === 'file' ? { kind: 'replace', path: await realpath(path) } : kind;
}

/**
 * What an existing path is to a report. A block device (a disk, as root) is never a report's place:
 * writing through it would overwrite the disk, renaming over it would replace the device node.
 */
export function classifyExisting(
  found: Pick<Stats, 'isDirectory' | 'isFIFO' | 'isBlockDevice' | 'isFile'>,
): 'file' | Extract<Destination, { kind: 'fifo' | 'device' | 'refused' }> {
  if (found.isDirectory()) return { kind: 'refused', code: 'EISDIR' };
  if (found.isBlockDevice()) return { kind: 'refused', code: 'EBLOCKDEVICE' };
  if (found.isFIFO()) return { kind: 'fifo' };
  return found.isFile() ? 'file' : { kind: 'device' };
}

function sameFile(found: Stats, fd: number): boolean {
  try {
    const open = fstatSync(fd);
    return open.dev === found.dev && open.ino === found.ino;
  } catch {
    return false;
  }
}

async function replaceFile(path: string, contents: string, shownAs: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, contents, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw ioError(shownAs, error);
  }
}

/**
 * Opens the FIFO without blocking, so no reader is ENXIO at once instead of a wait forever, then writes
 * whenever the reader has made room, for at most FIFO_WRITE_DEADLINE_MS.
 */
async function writeFifo(path: string, contents: string, shownAs: string): Promise<void> {
  const bytes = Buffer.from(contents);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_NONBLOCK);
    let written = 0;
    let waited = 0;
    while (written < bytes.length) {
      try {
        written += (await handle.write(bytes, written)).bytesWritten;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || waited >= FIFO_WRITE_DEADLINE_MS)
          throw error;
        await delay(FIFO_RETRY_MS);
        waited += FIFO_RETRY_MS;
      }
    }
  } catch (error) {
    // ENXIO's own words ("no such device or address") do not say that the FIFO merely has no reader yet.
    const orphan = readSystemErrorCode(error) === 'ENXIO';
    throw ioError(shownAs, error, orphan ? 'no process has the FIFO open for reading (ENXIO)' : undefined);
  } finally {
    await handle?.close();
  }
}

function refusal(code: 'EISDIR' | 'EBLOCKDEVICE'): Error {
  const message = code === 'EISDIR' ? 'is a directory' : 'is a block device';
  return Object.assign(new Error(message), { code });
}

function ioError(
  shownAs: string,
  error: unknown,
  reason = describeSystemError(error, 'EIO'),
): FrontdoorError {
  return new FrontdoorError('FD_ERR_IO', `frontdoor verify: cannot write ${shownAs}: ${reason}`, {
    cause: error,
  });
}
