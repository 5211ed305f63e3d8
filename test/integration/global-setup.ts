import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Builds dist/ once before any integration file runs: the CLI tests exercise what users install, and
 * one build up front avoids test files racing each other to rewrite dist/.
 */
export function setup(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)),
        '-p',
        'tsconfig.build.json',
      ],
      { cwd: REPO_ROOT },
      (error, stdout, stderr) => {
        if (error === null) resolve();
        else reject(new Error(`building dist/ for the integration tests failed:\n${stdout}${stderr}`));
      },
    );
  });
}
