import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { readStatFields } from '../../../src/gate/process-group.js';
import { CLI_PATH, type CliRun, REPO_ROOT } from '../cli/run-built-cli.js';

/**
 * Processes of group `pgid` still running, as "pid state" strings (zombies have ended and do not count),
 * read from /proc independently of what frontdoor itself believes.
 */
export async function runningInGroup(pgid: number): Promise<string[]> {
  const running: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    const fields = stat === undefined ? undefined : readStatFields(stat);
    if (fields?.pgrp === pgid && fields.state !== 'Z' && fields.state !== 'X') {
      running.push(`${entry} ${fields.state}`);
    }
  }
  return running;
}

/** The pid a deploy script wrote to `path` (its `$$`: with frontdoor's own process group, also the group). */
export async function readPid(path: string): Promise<number> {
  const pid = Number((await readFile(path, 'utf8')).trim());
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`${path} holds no pid`);
  return pid;
}

export interface StartedCli {
  child: ChildProcess;
  /** resolves once stderr has contained `text` (rejects if the CLI ends first) */
  stderrContains(text: string): Promise<void>;
  /** everything it printed, once it ended; a deadline kills it so a hang fails instead of stalling */
  ended: Promise<CliRun & { signal: NodeJS.Signals | null }>;
}

/** Starts `node dist/cli/main.js ARGS` and follows its stderr, for tests that signal it while it runs. */
export function startBuiltCli(
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): StartedCli {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of waiters.splice(0)) {
      if (stderr.includes(waiter.text)) waiter.resolve();
      else waiters.push(waiter);
    }
  });
  const deadline = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const ended = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(deadline);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    ended,
    stderrContains: (text) =>
      new Promise<void>((resolve, reject) => {
        if (stderr.includes(text)) return resolve();
        waiters.push({ text, resolve });
        void ended.then(() => reject(new Error(`the CLI ended without printing ${text}:\n${stderr}`)));
      }),
  };
}
