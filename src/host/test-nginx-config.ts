import type { ProcessSpawner } from './spawn-process.js';

/** `nginx -t` on a configuration: not installed, passed, or failed with nginx's own words. */
export type NginxTestResult =
  | { status: 'not_installed'; message: string }
  | { status: 'passed' | 'failed'; message: string };

/**
 * Runs `nginx -t -c FILE`. A pass is no proof the proxy is serving: in incident 000 `nginx -t` passed while
 * another process held :443, which is why this sits beside the listener check, not instead of it.
 */
export async function testNginxConfig(
  configPath: string,
  spawner: ProcessSpawner,
  nginxBinary = 'nginx',
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
  return { status: result.exitCode === 0 ? 'passed' : 'failed', message };
}
