import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';

/** GNU time (Debian package `time`): the kernel's own account of a child's CPU and peak RSS. */
export const TIME_BINARY = '/usr/bin/time';

/** @returns {Promise<boolean>} */
export async function isTimeInstalled() {
  try {
    await access(TIME_BINARY);
    return true;
  } catch {
    return false;
  }
}

/**
 * @typedef {object} TimedRun
 * @property {number} exitCode
 * @property {number} wallMs
 * @property {number} cpuMs user + system of the whole process (every thread), 10 ms resolution
 * @property {number} maxRssBytes peak resident set size
 * @property {string} stdout
 * @property {string} stderr what the command printed on stderr (GNU time's own line removed)
 */

const MARK = 'frontdoor-bench-time:';

/**
 * Runs a command to completion under GNU time and returns what the kernel counted for it: the figures a
 * user's shell would see for the same command (`/usr/bin/time -v`), startup and exit included.
 * @param {string[]} argv
 * @param {{ cwd?: string }} [options]
 * @returns {Promise<TimedRun>}
 */
export function runTimed(argv, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TIME_BINARY, ['-f', `${MARK}%e %U %S %M`, ...argv], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    /** @type {Buffer[]} */
    const out = [];
    /** @type {Buffer[]} */
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = performance.now() - started;
      const stderr = Buffer.concat(err).toString('utf8');
      const markAt = stderr.lastIndexOf(MARK);
      if (markAt < 0) {
        reject(new Error(`${argv.join(' ')}: no figures from ${TIME_BINARY}: ${stderr.slice(-500)}`));
        return;
      }
      const [, user, system, maxRssKb] = stderr
        .slice(markAt + MARK.length)
        .trim()
        .split(' ')
        .map(Number);
      resolve({
        exitCode: code ?? -1,
        wallMs,
        cpuMs: ((user ?? Number.NaN) + (system ?? Number.NaN)) * 1000,
        maxRssBytes: (maxRssKb ?? Number.NaN) * 1024,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: stderr.slice(0, markAt),
      });
    });
  });
}
