import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second for /proc's utime/stime; asked once because it never changes while we run. */
export function readClockTicks() {
  const text = execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim();
  const ticks = Number(text);
  if (!Number.isInteger(ticks) || ticks <= 0) throw new Error(`getconf CLK_TCK printed '${text}'`);
  return ticks;
}

/**
 * CPU time (user + system, all threads) a process has used so far, in milliseconds, from /proc/PID/stat.
 * @param {number} pid
 * @param {number} clockTicks
 */
export function readProcessCpuMs(pid, clockTicks) {
  return readStatCpuMs(`/proc/${pid}/stat`, clockTicks);
}

/**
 * CPU time of a process's main thread alone (for Node, the event loop: JavaScript, TLS, the store's
 * writes), in milliseconds: what is left of readProcessCpuMs is V8's collector and compiler threads and
 * libuv's pool.
 * @param {number} pid
 * @param {number} clockTicks
 */
export function readMainThreadCpuMs(pid, clockTicks) {
  return readStatCpuMs(`/proc/${pid}/task/${pid}/stat`, clockTicks);
}

/**
 * @param {string} path
 * @param {number} clockTicks
 */
function readStatCpuMs(path, clockTicks) {
  const stat = readFileSync(path, 'utf8');
  // The command name (field 2) may contain spaces and parentheses; fields are counted after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name, field 3 (state) is index 0, so utime (14) and stime (15) are indexes 11 and 12.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicks;
}

/**
 * Direct children of a process (nginx's workers under its master), from /proc's children list.
 * @param {number} pid
 * @returns {number[]}
 */
export function listChildPids(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text === '' ? [] : text.split(' ').map(Number);
  } catch {
    return [];
  }
}

/**
 * CPU milliseconds of a process and its direct children together (nginx master + workers).
 * @param {number} pid
 * @param {number} clockTicks
 */
export function readProcessTreeCpuMs(pid, clockTicks) {
  let total = readProcessCpuMs(pid, clockTicks);
  for (const child of listChildPids(pid)) {
    try {
      total += readProcessCpuMs(child, clockTicks);
    } catch {
      // a worker that exited between listing and reading has nothing more to add
    }
  }
  return total;
}
