import { spawn } from 'node:child_process';
import { isProcessGroupRunning } from './process-group.js';

/** How a deploy command ended; `failed_to_start` is a command that never ran (not found, not executable). */
export type DeployExit =
  | { kind: 'exited'; code: number }
  | { kind: 'signaled'; signal: string }
  | { kind: 'failed_to_start'; errorCode: string; detail: string };

/**
 * A running deploy command as the gate needs it: its output, a way to stop it and everything it started,
 * and its end. The command runs in a process group of its own; processes it leaves behind stay in it.
 */
export interface DeployProcess {
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
  /** signals every process of the command's group, whether the command itself has exited or not */
  kill(signal: NodeJS.Signals): void;
  /** whether any process of the group still runs (the command, or what it left behind) */
  isGroupRunning(): Promise<boolean>;
  /** stops reading the output and closes both pipes, even while something left behind still holds them */
  closeOutput(): void;
  /** resolves once the command itself has exited (never rejects) */
  exited: Promise<DeployExit>;
}

export type DeploySpawner = (file: string, args: readonly string[]) => DeployProcess;

// A background process the command leaves behind may hold its pipes open forever; after the command
// itself exits, wait this long for the rest of its output and no longer.
const OUTPUT_DRAIN_MS = 250;

/**
 * Starts a deploy command without a shell, in its own process group so stopping it (Ctrl-C, the gate's
 * end) reaches the scripts and programs it started too, not only the first process.
 */
export const spawnDeploy: DeploySpawner = (file, args) => {
  const child = spawn(file, [...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<DeployExit>((resolve) => {
    let ended: DeployExit | undefined;
    child.once('error', (error: NodeJS.ErrnoException) => {
      // 'error' without a pid means spawn itself failed; after a start it only reports a failed kill.
      if (child.pid === undefined) {
        resolve({ kind: 'failed_to_start', errorCode: error.code ?? 'ERR_SPAWN', detail: error.message });
      }
    });
    child.once('exit', (code, signal) => {
      ended = signal === null ? { kind: 'exited', code: code ?? 0 } : { kind: 'signaled', signal };
      const settled = ended;
      setTimeout(() => resolve(settled), OUTPUT_DRAIN_MS).unref();
    });
    child.once('close', () => {
      if (ended !== undefined) resolve(ended);
    });
  });
  return {
    stdout: child.stdout,
    stderr: child.stderr,
    kill(signal) {
      if (child.pid === undefined) return;
      try {
        // The group outlives its leader: after the command exits, this still reaches what it left behind.
        process.kill(-child.pid, signal);
      } catch {
        // the group is gone already
      }
    },
    async isGroupRunning() {
      return child.pid !== undefined && (await isProcessGroupRunning(child.pid));
    },
    closeOutput() {
      child.stdout.destroy();
      child.stderr.destroy();
    },
    exited,
  };
};
