import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The bundled CLI that package.json's `bin` names: what an installed user runs. */
export const CLI_PATH = fileURLToPath(new URL('../../../dist/bin/frontdoor.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** dist/ is built once by the integration project's global setup; fail clearly if it is not there. */
export async function buildCli(): Promise<void> {
  await access(CLI_PATH).catch((error: unknown) => {
    throw new Error(
      `${CLI_PATH} is missing: run the integration tests through vitest (its global setup builds dist/)`,
      {
        cause: error,
      },
    );
  });
}

/**
 * Runs `node dist/bin/frontdoor.js ARGS` and collects its output; with `openFileLimit`, under that soft limit as
 * `ulimit -n` sets it. A hard deadline kills the child so a hang fails the test instead of stalling the run.
 */
export function runBuiltCli(
  args: string[],
  options: {
    cwd?: string;
    timeoutMs?: number;
    openFileLimit?: number;
    /** added to the environment the CLI runs with */
    env?: Record<string, string>;
    /** written to the CLI's standard input, which is then closed */
    stdin?: string;
  } = {},
): Promise<CliRun> {
  const [file, argv] =
    options.openFileLimit === undefined
      ? [process.execPath, [CLI_PATH, ...args]]
      : [
          'bash',
          [
            '-c',
            `ulimit -n ${options.openFileLimit} && exec "$@"`,
            'bash',
            process.execPath,
            CLI_PATH,
            ...args,
          ],
        ];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Without input the CLI still sees standard input end at once, as it would with </dev/null.
    child.stdin.end(options.stdin ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const deadline = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.once('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Bad input must end in exactly one line on stderr, exit 2, and no stack trace; returns that line. */
export function expectOneLineUsageError(run: CliRun): string {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return lines[0] ?? '';
}
