import { type ChildProcess, spawn } from 'node:child_process';
import { FrontdoorError } from '../errors.js';
import { labRegistry, type ProcessRegistry } from './process-registry.js';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A server program started by the lab, with its output kept for error messages. */
export interface LabProcess {
  child: ChildProcess;
  pid: number;
  /** resolves once the process has exited (never rejects) */
  exited: Promise<ProcessExit>;
  hasExited(): boolean;
  /** the last few KB of stdout and stderr, interleaved as they arrived */
  output(): string;
  /** sends `signals` in turn, each given `graceMs` to work, until the process has exited */
  stop(signals?: readonly NodeJS.Signals[], graceMs?: number): Promise<ProcessExit>;
}

const OUTPUT_LIMIT = 16 * 1024;

function describeExit(exit: ProcessExit): string {
  return exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`;
}

/** "exited with exit code 1: nginx: [emerg] ..." for error messages about a server that died. */
export function describeProcessEnd(processName: string, exit: ProcessExit, output: string): string {
  const text = output.trim();
  return `${processName} exited with ${describeExit(exit)}${text === '' ? '' : `: ${text}`}`;
}

/** Who the program runs as: PostgreSQL refuses to run as root, so the lab drops to another user when it is. */
export interface LabProcessUser {
  uid: number;
  gid: number;
}

/**
 * Starts `file` with `args` (no shell) and registers it so it is terminated if this process exits first.
 * Throws FrontdoorError FD_ERR_LAB when the program cannot be started at all.
 */
export async function startLabProcess(
  file: string,
  args: readonly string[],
  registry: ProcessRegistry = labRegistry,
  user?: LabProcessUser,
): Promise<LabProcess> {
  const child = spawn(file, [...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => {
      reject(new FrontdoorError('FD_ERR_LAB', `cannot start ${file}: ${error.message}`, { cause: error }));
    });
  });
  registry.trackProcess(child);
  const pid = child.pid ?? 0;

  async function stop(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGKILL'], graceMs = 5000) {
    for (const signal of signals) {
      if (exit !== undefined) return exit;
      child.kill(signal);
      const timer = new Promise<undefined>((resolve) =>
        setTimeout(() => resolve(undefined), graceMs).unref(),
      );
      const result = await Promise.race([exited, timer]);
      if (result !== undefined) return result;
    }
    return exited;
  }

  return { child, pid, exited, hasExited: () => exit !== undefined, output: () => output, stop };
}
