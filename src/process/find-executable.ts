import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Daemons live in sbin, which a non-root PATH often lacks. */
const SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** The first executable `name` on PATH or in the sbin directories, or undefined when it is not installed. */
export async function findExecutable(name: string, pathVariable = ''): Promise<string | undefined> {
  const dirs = [...pathVariable.split(delimiter).filter((d) => d !== ''), ...SBIN_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    const found = await access(candidate, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (found) return candidate;
  }
  return undefined;
}
