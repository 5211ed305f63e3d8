import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { describeSystemError } from '../describe-system-error.js';
import { formatByteLimit, type ReadLimit } from './read-limits.js';

/**
 * Why a read was refused before or while reading: the path is no regular file (a FIFO would block forever,
 * /dev/zero never ends), or the content outgrew its limit. `code` is what callers classify by; the message
 * is the phrase they quote after the path.
 */
export class ReadRefusedError extends Error {
  override readonly name = 'ReadRefusedError';
  readonly code: 'FD_READ_NOT_REGULAR' | 'FD_READ_TOO_LARGE';

  constructor(code: ReadRefusedError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

function describeFileType(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

function tooLarge(limit: ReadLimit): ReadRefusedError {
  return new ReadRefusedError(
    'FD_READ_TOO_LARGE',
    `larger than ${formatByteLimit(limit.maxBytes)}, the limit for ${limit.what}`,
  );
}

// A directory keeps the errno every caller already reports for it.
function isADirectory(): Error {
  return Object.assign(new Error('is a directory'), { code: 'EISDIR' });
}

const CHUNK = 64 * 1024;

/**
 * Reads a regular file of at most `limit.maxBytes`. The file is opened non-blocking, so a FIFO is refused
 * at once instead of waiting for a writer, and checked on the open descriptor, so a path swapped between
 * check and read cannot slip through. A file that grows past the limit while read (a /proc file reports
 * size 0) is refused too.
 * @throws ReadRefusedError FD_READ_NOT_REGULAR "not a regular file (a FIFO)" / FD_READ_TOO_LARGE
 *   "larger than 16 MiB, the limit for a frontdoor configuration"; errno errors (ENOENT, EACCES, EISDIR) as is
 */
export async function readBoundedFile(path: string, limit: ReadLimit): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw isADirectory();
    if (!info.isFile()) {
      throw new ReadRefusedError('FD_READ_NOT_REGULAR', `not a regular file (${describeFileType(info)})`);
    }
    if (info.size > limit.maxBytes) throw tooLarge(limit);
    // One read of the announced size (plus a byte to notice growth) covers the usual case.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(
        Math.min(limit.maxBytes + 1 - total, Math.max(info.size + 1 - total, CHUNK)),
      );
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit.maxBytes) throw tooLarge(limit);
      chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** readBoundedFile decoded as UTF-8. */
export async function readBoundedText(path: string, limit: ReadLimit): Promise<string> {
  return (await readBoundedFile(path, limit)).toString('utf8');
}

/**
 * Reads a stream (standard input) to its end, refusing it once it passes `limit.maxBytes`; the stream is
 * destroyed then, so an endless producer (`< /dev/zero`) stops costing memory at the limit.
 */
export async function readBoundedStream(stream: NodeJS.ReadableStream, limit: ReadLimit): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    // Leaving the loop early closes the stream (the iterator's return() destroys it).
    if (total > limit.maxBytes) throw tooLarge(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}

/**
 * The reason to quote after a path: a refusal's phrase, else the errno in words ("no such file or
 * directory (ENOENT)"), else "EIO".
 * @example `cannot read include ${path}: ${describeReadFailure(error)}`
 */
export function describeReadFailure(error: unknown): string {
  if (error instanceof ReadRefusedError) return error.message;
  return describeSystemError(error, 'EIO');
}
