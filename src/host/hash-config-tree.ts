import { createHash } from 'node:crypto';
import type { ConfigTree } from './collect-nginx-tree.js';

/** sha256 of one file's content, hex. */
export function hashContent(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * sha256 over the whole tree: each file's path and content hash, sorted by path, so the hash changes
 * when any file is edited, added, removed or renamed, and not when include order is shuffled.
 */
export function hashConfigTree(tree: ConfigTree): string {
  const hash = createHash('sha256');
  const entries = tree.files.map((f) => `${f.path}\0${hashContent(f.content)}\n`).sort();
  for (const entry of entries) hash.update(entry);
  return hash.digest('hex');
}
