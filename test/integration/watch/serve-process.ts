import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { CLI_PATH } from '../cli/run-built-cli.js';

/** One JSON log line of `frontdoor serve` (pino). */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface ServeProcess {
  child: ChildProcess;
  logs: LogLine[];
  /** stderr, which must stay empty of anything but Node's own warnings */
  stderr(): string;
  /** the first log line matching, waiting up to `timeoutMs` for it */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** the API's base URL, once the daemon says it is watching */
  url(): Promise<string>;
  /** sends `signal` and resolves with the exit code (null when killed by a signal) */
  stop(
    signal: NodeJS.Signals,
    deadlineMs?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node dist/cli/main.js serve ARGS` in `cwd`, collecting its JSON log lines; `env` adds to the
 * test's environment (the variables a configuration's `${VAR}` reads).
 */
export function spawnServe(args: string[], cwd: string, env: Record<string, string> = {}): ServeProcess {
  const child = spawn(process.execPath, [CLI_PATH, 'serve', ...args], {
    cwd,
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters: Array<() => void> = [];
  let buffered = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      logs.push(JSON.parse(line) as LogLine);
    }
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const waitForLog: ServeProcess['waitForLog'] = async (match, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = logs.find(match);
      if (found !== undefined) return found;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`frontdoor serve exited (${child.exitCode ?? child.signalCode}) first: ${stderr}`);
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching log line within ${timeoutMs} ms; logs: ${JSON.stringify(logs)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  return {
    child,
    logs,
    stderr: () => stderr,
    waitForLog,
    async url() {
      const line = await waitForLog((entry) => entry.msg === 'frontdoor serve: watching');
      return String(line.url);
    },
    async stop(signal, deadlineMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
      const [code, exitSignal] = await exited;
      clearTimeout(timer);
      return { code, signal: exitSignal };
    },
  };
}

/** Rounds per target in the store file, read through a second connection as any reader would. */
export function countStoredRounds(path: string): Map<string, number> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT target_id, count(*) AS n FROM rounds GROUP BY target_id').all() as Array<{
      target_id: string;
      n: number;
    }>;
    return new Map(rows.map((row) => [row.target_id, row.n]));
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` over the file, and the newest stored round's time. */
export function inspectStore(path: string): {
  integrity: string;
  batches: number;
  newestRoundMs: number | null;
} {
  const db = new Database(path, { fileMustExist: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const batches = (db.prepare('SELECT count(*) AS n FROM batches').get() as { n: number }).n;
    const newest = db.prepare('SELECT max(at_ms) AS at FROM rounds').get() as { at: number | null };
    return { integrity, batches, newestRoundMs: newest.at };
  } finally {
    db.close();
  }
}
