import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Builds dist/ once before any integration file runs, as `npm run build` does (tsc, then the bundle of the
 * CLI that package.json's `bin` names, then the dashboard's assets): the CLI and browser tests exercise what
 * users install, and one build up front avoids test files racing each other to rewrite dist/.
 */
export async function setup(): Promise<void> {
  await run(fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), [
    '-p',
    'tsconfig.build.json',
  ]);
  await run(fileURLToPath(new URL('../../scripts/bundle-cli.js', import.meta.url)), []);
  await run(fileURLToPath(new URL('../../scripts/build-web.js', import.meta.url)), []);
}

function run(script: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, ...args], { cwd: REPO_ROOT }, (error, stdout, stderr) => {
      if (error === null) resolve();
      else reject(new Error(`building dist/ for the integration tests failed:\n${stdout}${stderr}`));
    });
  });
}
