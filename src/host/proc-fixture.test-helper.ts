import { cp, mkdir, readFile, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const HOST_FIXTURES = join(import.meta.dirname, 'fixtures');

/**
 * Rebuilds the recorded /proc of incident 000 under `into` (git keeps no dangling symlinks, so the fd and
 * exe links are listed in proc-links.txt) and returns its path.
 */
export async function buildProcFixture(into: string): Promise<string> {
  const procRoot = join(into, 'proc');
  await cp(join(HOST_FIXTURES, 'proc'), procRoot, { recursive: true });
  for (const line of (await readFile(join(HOST_FIXTURES, 'proc-links.txt'), 'utf8')).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.indexOf(' ');
    const path = join(procRoot, line.slice(0, space));
    await mkdir(dirname(path), { recursive: true });
    await symlink(line.slice(space + 1), path);
  }
  return procRoot;
}
