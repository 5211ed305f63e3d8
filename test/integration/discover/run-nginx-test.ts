import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * `nginx -t` on a configuration: its warnings and errors, as nginx prints them (it parses, resolves listen
 * hostnames and loads certificates, but binds nothing). `-e` keeps its error log in the prefix.
 */
export function runNginxTest(nginx: string, prefix: string, config: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      nginx,
      ['-t', '-p', prefix, '-c', config, '-e', join(prefix, 'test-error.log')],
      { timeout: 20_000 },
      (_e, stdout, stderr) => resolve(`${stdout}${stderr}`),
    );
  });
}
