import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

const TIME_BINARY = '/usr/bin/time';
const WATCH_MS = 50;

/**
 * @typedef {object} ChildMeasure
 * @property {number | null} code exit status, null when ended by a signal
 * @property {string | null} signal
 * @property {number} wallMs from spawn to the end of the process and its pipes
 * @property {number | undefined} peakRssBytes peak resident memory of the process (and the children it
 *   waited for), undefined when it could not be read
 * @property {'time' | 'proc' | 'none'} rssSource `/usr/bin/time`'s maximum resident set size, or /proc's
 *   VmHWM read while it ran
 * @property {string | undefined} killed why the bench killed it (the hard deadline or the memory ceiling)
 * @property {string} firstLine the first line it wrote to stderr (usually the error it gave)
 * @property {number} stdoutBytes
 * @property {number} stderrBytes
 */

/**
 * Runs a command as a child process, measures its wall time and peak RSS, and makes sure it ends: after
 * `deadlineMs`, or once any process of its tree holds more than `rssCeilingBytes`, every process of the
 * tree (a deploy in its own process group included) gets SIGKILL. Output is counted and dropped, except
 * the first line of stderr; `feedBytes` zero bytes are written to stdin (respecting back-pressure) until
 * the child stops reading, so a feeder from /dev/zero cannot run forever either.
 * @param {{ file: string; args: string[]; cwd: string; deadlineMs: number; rssCeilingBytes: number;
 *   feedBytes?: number; scratchDir: string; env?: Record<string, string> }} options
 * @returns {Promise<ChildMeasure>}
 */
export async function measureChild(options) {
  const useTime = existsSync(TIME_BINARY);
  const rssFile = join(options.scratchDir, `rss-${process.hrtime.bigint()}.txt`);
  const [file, args] = useTime
    ? [TIME_BINARY, ['-f', '%M', '-o', rssFile, options.file, ...options.args]]
    : [options.file, options.args];
  const started = performance.now();
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: [options.feedBytes === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdoutBytes = 0;
  let stderrBytes = 0;
  let stderrHead = '';
  child.stdout?.on('data', (chunk) => {
    stdoutBytes += chunk.length;
  });
  child.stderr?.on('data', (chunk) => {
    stderrBytes += chunk.length;
    if (stderrHead.length < 4096) stderrHead += chunk.toString('utf8', 0, Math.min(chunk.length, 4096));
  });
  if (options.feedBytes !== undefined && child.stdin !== null) feedZeros(child.stdin, options.feedBytes);

  /** @type {string | undefined} */
  let killed;
  let polledPeak = 0;
  // Every process seen in the tree, with its start time: one that the command left behind is reparented
  // away from the tree, and a pid reused by someone else meanwhile must not be killed.
  /** @type {Map<number, string>} */
  const seen = new Map();
  const killSeen = () => {
    for (const [pid, startTime] of seen) {
      if (readStartTime(pid) !== startTime) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  };
  const killTree = (/** @type {string} */ why) => {
    killed ??= why;
    for (const pid of listTree(child.pid)) remember(seen, pid);
    killSeen();
  };
  const watch = setInterval(() => {
    for (const pid of listTree(child.pid)) {
      remember(seen, pid);
      const status = readStatus(pid);
      if (status === undefined) continue;
      polledPeak = Math.max(polledPeak, status.hwm);
      if (status.rss > options.rssCeilingBytes) {
        killTree(`killed above ${formatBytes(options.rssCeilingBytes)} RSS`);
      }
    }
  }, WATCH_MS);
  const deadline = setTimeout(
    () => killTree(`killed after ${(options.deadlineMs / 1000).toFixed(0)} s`),
    options.deadlineMs,
  );
  const ended = await new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const wallMs = performance.now() - started;
  clearInterval(watch);
  clearTimeout(deadline);
  // Whatever the command left (a deploy's process group) must not outlive its case.
  killSeen();

  const timed = useTime ? await readTimeRss(rssFile) : undefined;
  await rm(rssFile, { force: true });
  const peakRssBytes = timed ?? (polledPeak > 0 ? polledPeak : undefined);
  return {
    code: ended.code,
    signal: ended.signal,
    wallMs,
    peakRssBytes,
    rssSource: timed !== undefined ? 'time' : polledPeak > 0 ? 'proc' : 'none',
    killed,
    firstLine: (stderrHead.split('\n').find((line) => line.trim() !== '') ?? '').slice(0, 160),
    stdoutBytes,
    stderrBytes,
  };
}

/**
 * @param {NodeJS.WritableStream} stdin
 * @param {number} total
 */
function feedZeros(stdin, total) {
  const block = Buffer.alloc(1024 * 1024);
  let sent = 0;
  let stopped = false;
  stdin.on('error', () => {
    stopped = true; // EPIPE: the child stopped reading, which is the point
  });
  const pump = () => {
    while (!stopped && sent < total) {
      const size = Math.min(block.length, total - sent);
      sent += size;
      if (!stdin.write(size === block.length ? block : block.subarray(0, size))) {
        stdin.once('drain', pump);
        return;
      }
    }
    if (!stopped) stdin.end();
  };
  pump();
}

/**
 * `root` and every descendant, from /proc/PID/task/PID/children (Linux); just `root` elsewhere.
 * @param {number | undefined} root
 * @returns {number[]}
 */
function listTree(root) {
  if (root === undefined) return [];
  const pids = [root];
  for (let index = 0; index < pids.length; index += 1) {
    const pid = pids[index];
    try {
      const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
      for (const child of text.split(/\s+/)) if (child !== '') pids.push(Number(child));
    } catch {
      // gone, or no /proc
    }
  }
  return pids;
}

/**
 * @param {Map<number, string>} seen
 * @param {number} pid
 */
function remember(seen, pid) {
  if (seen.has(pid)) return;
  const startTime = readStartTime(pid);
  if (startTime !== undefined) seen.set(pid, startTime);
}

/**
 * Field 22 of /proc/PID/stat (start time in clock ticks); undefined once the process is gone or a zombie.
 * @param {number} pid
 */
function readStartTime(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

/**
 * @param {number} pid
 * @returns {{ rss: number; hwm: number } | undefined}
 */
function readStatus(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (/** @type {string} */ field) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rss: kib('VmRSS') * 1024, hwm: kib('VmHWM') * 1024 };
}

/**
 * GNU time's %M: the maximum resident set size in KiB.
 * @param {string} path
 */
async function readTimeRss(path) {
  try {
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    const kib = Number(lines.at(-1));
    return Number.isFinite(kib) && kib > 0 ? kib * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** @param {number} bytes */
export function formatBytes(bytes) {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}
