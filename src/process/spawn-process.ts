import { execFile } from 'node:child_process';

export interface SpawnResult {
  /** null when the process was killed (timeout) or could not start */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** err.code when it could not run at all: 'ENOENT' (not installed), 'EACCES', 'ETIMEDOUT' */
  errorCode?: string;
}

/** Runs a program to completion; never rejects, so callers treat "not installed" as data. Injected for tests. */
export type ProcessSpawner = (
  file: string,
  args: readonly string[],
  options?: { timeoutMs?: number },
) => Promise<SpawnResult>;

/** The real spawner: execFile without a shell, bounded by a timeout (default 10 s). */
export const spawnProcess: ProcessSpawner = (file, args, options = {}) =>
  new Promise((resolve) => {
    execFile(
      file,
      [...args],
      { timeout: options.timeoutMs ?? 10_000, encoding: 'utf8', maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ exitCode: 0, stdout, stderr });
          return;
        }
        const { code, killed } = error as NodeJS.ErrnoException & { killed?: boolean };
        if (typeof code === 'number') {
          resolve({ exitCode: code, stdout, stderr });
          return;
        }
        resolve({
          exitCode: null,
          stdout,
          stderr,
          errorCode: killed === true ? 'ETIMEDOUT' : (code ?? 'EUNKNOWN'),
        });
      },
    );
  });
