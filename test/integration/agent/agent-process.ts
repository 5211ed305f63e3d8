import { type ChildProcess, spawn } from 'node:child_process';
import { CLI_PATH, REPO_ROOT } from '../cli/run-built-cli.js';

/** A long-running `frontdoor agent` started from dist/, as systemd would run it. */
export interface AgentProcess {
  child: ChildProcess;
  stderr(): string;
  /** SIGTERM, then the exit code (SIGKILL after 15 s so a hang fails the test instead of stalling it) */
  stop(): Promise<number | null>;
}

export function startAgentProcess(args: string[], env: Record<string, string> = {}): AgentProcess {
  const child = spawn(process.execPath, [CLI_PATH, 'agent', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const deadline = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        return await exited;
      } finally {
        clearTimeout(deadline);
      }
    },
  };
}

/** Waits until `condition` holds, for at most `timeoutMs`; says what it waited for when it does not. */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs = 20_000,
  detail = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
