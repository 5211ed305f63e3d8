import { closeSync, openSync, readFileSync } from 'node:fs';
import { FrontdoorError } from '../errors.js';

// Errors that say this machine ran out of something before the target was even asked: descriptors (per
// process, system-wide), socket buffers, memory. Recorded as a failed probe they would blame the target.
const LOCAL_RESOURCE_CODES: ReadonlySet<string> = new Set(['EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM']);

/** Whether an errno code means the prober, not the target, ran out of a resource. */
export function isLocalResourceCode(code: string | undefined): code is string {
  return code !== undefined && LOCAL_RESOURCE_CODES.has(code);
}

/**
 * 'EMFILE' or 'ENFILE' when this process cannot open one more file right now, else undefined. The system
 * resolver hides that shortage: getaddrinfo cannot read /etc/hosts and answers ENOTFOUND, like a name that
 * does not exist. Only asked after a lookup failed, so a healthy probe never pays for it.
 */
export function detectDescriptorShortage(): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync('/dev/null', 'r');
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EMFILE' || code === 'ENFILE' ? code : undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The soft open-file limit in /proc/self/limits' text ("Max open files  1024  524288  files"). */
export function parseOpenFileLimit(limitsText: string): number | undefined {
  const match = /^Max open files\s+(\d+)/m.exec(limitsText);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function readOpenFileLimit(): number | undefined {
  try {
    return parseOpenFileLimit(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return undefined; // not Linux, or no /proc
  }
}

// Read when the probe modules load: once the descriptors are gone, /proc/self/limits cannot be opened either.
const OPEN_FILE_LIMIT = readOpenFileLimit();

/** What ran out and what to do about it, for the one-line error. */
export function describeShortage(code: string, openFileLimit: number | undefined): string {
  if (code === 'EMFILE') {
    const now = openFileLimit === undefined ? '' : ` (ulimit -n is ${openFileLimit})`;
    return `this process ran out of file descriptors${now}: lower --burst or --concurrency, or raise the open-file limit (ulimit -n, or LimitNOFILE= in a systemd unit)`;
  }
  if (code === 'ENFILE') {
    return 'the system ran out of file descriptors (fs.file-max): lower --burst or --concurrency, or find what holds them';
  }
  return 'this machine ran out of socket buffers or memory: lower --burst or --concurrency';
}

/**
 * The operational error for a probe that could not start because of this machine's limits
 * (FD_ERR_LOCAL_RESOURCE): the run stops rather than report the targets as down.
 * @example throw createLocalResourceError('EMFILE', 'cannot open a connection to 10.0.0.11:443', error)
 */
export function createLocalResourceError(code: string, doing: string, cause: unknown): FrontdoorError {
  return new FrontdoorError(
    'FD_ERR_LOCAL_RESOURCE',
    `${doing}: ${code}, ${describeShortage(code, OPEN_FILE_LIMIT)}`,
    {
      cause,
    },
  );
}
