import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readBoundedText } from '../../fs/read-bounded-file.js';
import { NGINX_FILE_READ_LIMIT } from '../../fs/read-limits.js';
import { compileGlobSegment, hasGlobMagic } from './match-glob.js';

/**
 * Where configuration files come from: the live filesystem, or the files captured in an `nginx -T` dump.
 * Errors from `readFile` carry an errno-style `code` (ENOENT, EACCES, EISDIR) that messages quote, or are
 * a ReadRefusedError (a FIFO, a file over its limit): describeReadFailure words both.
 */
export interface NginxConfigSource {
  /** a short phrase for messages: "disk" or "dump nginx-T.txt" */
  label: string;
  readFile(path: string): Promise<string>;
  /** absolute paths matching an absolute glob pattern, sorted like glob(3) */
  expandGlob(pattern: string): Promise<string[]>;
}

async function listDirectory(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Walks the pattern one segment at a time so only directories the pattern can reach are listed. */
async function expandOnDisk(pattern: string): Promise<string[]> {
  const parts = pattern.split('/').filter((part) => part !== '');
  let candidates = ['/'];
  for (const part of parts) {
    const next: string[] = [];
    for (const base of candidates) {
      if (!hasGlobMagic(part)) {
        next.push(join(base, part));
        continue;
      }
      const matcher = compileGlobSegment(part);
      for (const entry of await listDirectory(base)) {
        if (matcher.test(entry)) next.push(join(base, entry));
      }
    }
    candidates = next;
  }
  return candidates.sort();
}

async function keepExisting(paths: string[]): Promise<string[]> {
  const present: string[] = [];
  for (const path of paths) {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    const name = path.slice(path.lastIndexOf('/') + 1);
    if ((await listDirectory(parent)).includes(name)) present.push(path);
  }
  return present;
}

/** Reads configuration from the filesystem, exactly where nginx would, each file within NGINX_FILE_READ_LIMIT. */
export function createDiskConfigSource(): NginxConfigSource {
  return {
    label: 'disk',
    readFile: (path) => readBoundedText(path, NGINX_FILE_READ_LIMIT),
    expandGlob: async (pattern) => keepExisting(await expandOnDisk(pattern)),
  };
}
