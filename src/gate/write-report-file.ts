import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FrontdoorError } from '../errors.js';

/**
 * Writes a report file atomically: a temporary file beside it, then a rename, so a CI step reading it
 * never sees half a report. Any failure is FrontdoorError FD_ERR_IO naming the path (as the user gave it).
 */
export async function writeReportFile(path: string, contents: string, shownAs = path): Promise<void> {
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
 * Fails early, before any probing or deploy, when a report could not be written later: the directory must
 * exist and be writable, and the path must not be a directory.
 */
export async function assertWritable(path: string, shownAs = path): Promise<void> {
  try {
    await access(dirname(path), constants.W_OK);
    const existing = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (existing?.isDirectory() === true) {
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
  } catch (error) {
    throw ioError(shownAs, error);
  }
}

function ioError(shownAs: string, error: unknown): FrontdoorError {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  return new FrontdoorError('FD_ERR_IO', `frontdoor verify: cannot write ${shownAs}: ${code}`, {
    cause: error,
  });
}
