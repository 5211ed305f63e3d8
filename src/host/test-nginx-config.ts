import type { ProcessSpawner } from '../process/spawn-process.js';

/**
 * `nginx -t` on a configuration: not installed, passed, failed with nginx's own words, or stopped only by
 * files this user may not open (needs_root), which says nothing either way about the configuration.
 */
export type NginxTestResult =
  | { status: 'not_installed'; message: string }
  | { status: 'passed' | 'failed' | 'needs_root'; message: string };

// nginx prints a failed system call as `open() "/run/nginx.pid" failed (13: Permission denied)`: errno 13 is
// EACCES. In test mode nginx opens the pid file and the logs, which as anyone but root fails just so; under
// systemd's ProtectSystem=strict (the agent's unit) the same opens fail with 30, EROFS, instead.
const NOT_ALLOWED = ['(13: Permission denied)', '(30: Read-only file system)'];

function failsOnlyOnPermissions(message: string): boolean {
  const fatal = message.split('\n').filter((line) => line.includes('[emerg]') || line.includes('[alert]'));
  return fatal.length > 0 && fatal.every((line) => NOT_ALLOWED.some((errno) => line.includes(errno)));
}

function isRootUser(): boolean {
  return process.getuid?.() === 0;
}

/**
 * Runs `nginx -t -c FILE`. A pass is no proof the proxy is serving: in incident 000 `nginx -t` passed while
 * another process held :443, which is why this sits beside the listener check, not instead of it.
 */
export async function testNginxConfig(
  configPath: string,
  spawner: ProcessSpawner,
  nginxBinary = 'nginx',
  isRoot: () => boolean = isRootUser,
): Promise<NginxTestResult> {
  const result = await spawner(nginxBinary, ['-t', '-c', configPath], { timeoutMs: 15_000 });
  if (result.errorCode === 'ENOENT')
    return { status: 'not_installed', message: `${nginxBinary} is not installed` };
  // nginx writes its verdict to stderr; keep its lines as they are, minus blank ones.
  const message = `${result.stderr}${result.stdout}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
  if (result.errorCode !== undefined)
    return { status: 'failed', message: `${nginxBinary} -t: ${result.errorCode}` };
  if (result.exitCode === 0) return { status: 'passed', message };
  if (!isRoot() && failsOnlyOnPermissions(message)) return { status: 'needs_root', message };
  return { status: 'failed', message };
}
