import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { allocateLoopbackAddress, findFreePort } from '../dist/lab/loopback.js';

const CLI = new URL('../dist/bin/frontdoor.js', import.meta.url).pathname;

/**
 * Starts `frontdoor serve ARGS` for a bench on a free loopback address, registers its stop (SIGTERM, then
 * SIGKILL after 15 s) on `cleanup`, and resolves once /healthz answers; a serve that exits first is an error
 * with the end of its output.
 * @param {{
 *   args: string[];
 *   cleanup: { push(label: string, stop: () => Promise<void> | void): void };
 *   nodeArgs?: string[];
 *   logPath?: string;
 *   onStdout?: (chunk: string) => void;
 * }} options
 * @returns {Promise<{ child: import('node:child_process').ChildProcess; url: string; exited: Promise<number | null> }>}
 */
export async function startServe(options) {
  const listen = allocateLoopbackAddress();
  const port = await findFreePort(listen);
  const url = `http://${listen}:${port}`;
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), CLI, 'serve', ...options.args, '--listen', `${listen}:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (options.logPath !== undefined) {
    const log = createWriteStream(options.logPath);
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  }
  let lastLines = '';
  const keep = (/** @type {string} */ chunk) => {
    lastLines = (lastLines + chunk).slice(-4000);
  };
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    keep(chunk);
    options.onStdout?.(chunk);
  });
  child.stderr.setEncoding('utf8').on('data', keep);
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  options.cleanup.push('frontdoor serve', async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  for (let ready = false; !ready; ) {
    if (child.exitCode !== null) throw new Error(`frontdoor serve exited: ${lastLines}`);
    ready = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (!ready) await sleep(200);
  }
  return { child, url, exited };
}
