import { isAbsolute, relative, sep } from 'node:path';

/**
 * How a file is named in messages: relative to the working directory when it lies under it (what the
 * user would type), otherwise as an absolute path.
 * @example displayPath('/srv/fd/frontdoor.yaml', '/srv/fd') // "frontdoor.yaml"
 */
export function displayPath(absolutePath: string, cwd: string): string {
  const rel = relative(cwd, absolutePath);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return absolutePath;
  return rel;
}
