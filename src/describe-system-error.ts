/**
 * The errno codes a file or process operation fails with, in the words `strerror` uses, so a message says
 * "no such file or directory (ENOENT)" rather than a bare code a new user has to look up.
 */
const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files in the system',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'file exists',
  EBUSY: 'device or resource busy',
  EIO: 'input/output error',
  EXDEV: 'not on the same file system',
  ETXTBSY: 'text file busy',
  ENOEXEC: 'not an executable format',
  ENXIO: 'no such device or address',
};

/** The errno-style code an error carries, when it has one. */
export function readSystemErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/**
 * One short phrase for why a file operation failed: "no such file or directory (ENOENT)", the bare code
 * when it has no wording here, or `fallback` when the error has no code at all.
 * @example describeSystemError(Object.assign(new Error('x'), { code: 'EACCES' })) // "permission denied (EACCES)"
 */
export function describeSystemError(error: unknown, fallback = 'unreadable'): string {
  const code = readSystemErrorCode(error);
  if (code === undefined) return fallback;
  const words = ERRNO_WORDS[code];
  return words === undefined ? code : `${words} (${code})`;
}
