/**
 * How much frontdoor reads from each kind of file before it refuses, so a hostile or mistaken path
 * (/dev/zero, a FIFO, a runaway log) costs a clear error instead of all the memory. Each figure is far above
 * what a real file of its kind holds; README "Limits" lists them.
 */
export interface ReadLimit {
  maxBytes: number;
  /** what the limit is for, as the error names it: "larger than 16 MiB, the limit for a frontdoor configuration" */
  what: string;
}

const MIB = 1024 * 1024;

export const CONFIG_READ_LIMIT: ReadLimit = { maxBytes: 16 * MIB, what: 'a frontdoor configuration' };

/** One nginx file; generated configurations (ingress controllers) reach tens of MiB. */
export const NGINX_FILE_READ_LIMIT: ReadLimit = { maxBytes: 32 * MIB, what: 'one nginx configuration file' };

/** An `nginx -T` dump holds the whole tree, so it gets the tree's budget. */
export const NGINX_DUMP_READ_LIMIT: ReadLimit = { maxBytes: 64 * MIB, what: 'an nginx -T dump' };

/** A baseline stores the whole tree's contents as JSON strings, escapes included. */
export const BASELINE_READ_LIMIT: ReadLimit = { maxBytes: 160 * MIB, what: 'a configuration baseline' };

/** One apt or dpkg log, after decompression; months of a busy server's upgrades fit in a few MiB. */
export const PACKAGE_LOG_READ_LIMIT: ReadLimit = { maxBytes: 64 * MIB, what: 'a package log' };

/** A system file frontdoor host inspects (dpkg's status database, apt and needrestart settings). */
export const SYSTEM_FILE_READ_LIMIT: ReadLimit = { maxBytes: 64 * MIB, what: 'a system file' };

/** A CA bundle frontdoor trusts (`--ca`, `ca:`): the whole public store is some 200 KiB of PEM. */
export const CA_FILE_READ_LIMIT: ReadLimit = { maxBytes: 4 * MIB, what: 'a CA file' };

/** A certificate file (a leaf and its chain, maybe with its key): a few KiB in practice. */
export const CERTIFICATE_READ_LIMIT: ReadLimit = { maxBytes: 1 * MIB, what: 'a certificate file' };

/** "16 MiB", "512 KiB": the unit an operator thinks in. */
export function formatByteLimit(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
