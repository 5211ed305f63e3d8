import { findExecutable } from '../process/find-executable.js';
import type { ProcessSpawner } from '../process/spawn-process.js';

/** nginx's compiled-in prefix when `configure` was run without --prefix (auto/options: NGX_PREFIX). */
const NGINX_DEFAULT_PREFIX = '/usr/local/nginx';

/**
 * The prefix in `nginx -V` output (it prints to stderr): the `--prefix=` configure argument, else nginx's
 * default; undefined when the text is not nginx -V output.
 * @example parseNginxPrefix('configure arguments: --prefix=/usr/share/nginx --conf-path=...') // '/usr/share/nginx'
 */
export function parseNginxPrefix(versionOutput: string): string | undefined {
  const configure = /^configure arguments:(.*)$/m.exec(versionOutput);
  if (configure === null) return /^nginx version:/m.test(versionOutput) ? NGINX_DEFAULT_PREFIX : undefined;
  const written = /(?:^|\s)--prefix=(?:'([^']*)'|"([^"]*)"|(\S+))/.exec(configure[1] ?? '');
  const prefix = written?.[1] ?? written?.[2] ?? written?.[3];
  return (prefix ?? NGINX_DEFAULT_PREFIX).replace(/(.)\/+$/, '$1');
}

/**
 * nginx's prefix as the installed nginx reports it (`nginx -V`), for relative roots; undefined when nginx
 * is not installed or does not answer. nginx -p overrides it at run time, which only the operator knows.
 */
export async function readNginxPrefix(
  spawner: ProcessSpawner,
  pathVariable: string,
): Promise<{ path: string; from: string } | undefined> {
  const binary = await findExecutable('nginx', pathVariable);
  if (binary === undefined) return undefined;
  const result = await spawner(binary, ['-V'], { timeoutMs: 5000 });
  if (result.exitCode !== 0) return undefined;
  const prefix = parseNginxPrefix(`${result.stderr}\n${result.stdout}`);
  return prefix === undefined ? undefined : { path: prefix, from: `${binary} -V` };
}
