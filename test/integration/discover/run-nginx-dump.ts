import { execFile } from 'node:child_process';

/**
 * `nginx -T`: nginx parses the configuration (every include), prints each file it read and exits without
 * starting. `-e` keeps its own error log out of /var/log. Rejects with nginx's stderr when it refuses the file.
 */
export function runNginxDump(
  nginx: string,
  configPath: string,
  prefix: string,
  errorLog: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      nginx,
      ['-T', '-p', prefix, '-c', configPath, '-e', errorLog],
      { maxBuffer: 16 * 1024 * 1024, timeout: 20_000 },
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new Error(`nginx -T failed: ${stderr}`));
      },
    );
  });
}
