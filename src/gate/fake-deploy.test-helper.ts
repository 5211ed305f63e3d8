import { PassThrough } from 'node:stream';
import type { DeployExit, DeployProcess, DeploySpawner } from './spawn-deploy.js';

/**
 * A deploy command the test ends by hand; records what it was started with and every signal sent. Its
 * process group runs while the command does, or while `leftBehind` says something it started still runs.
 */
export function createFakeDeploy(): {
  spawn: DeploySpawner;
  started: Array<{ file: string; args: readonly string[] }>;
  signals: NodeJS.Signals[];
  stdout: PassThrough;
  stderr: PassThrough;
  /** a process the command left in its group (a background child); SIGKILL ends it */
  leftBehind: boolean;
  outputClosed: boolean;
  finish(exit: DeployExit): void;
  /** how the fake reacts to a signal; default: the command ends by that signal at once */
  onSignal: (signal: NodeJS.Signals) => void;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let resolveExit: (exit: DeployExit) => void = () => {};
  let running = true;
  const exited = new Promise<DeployExit>((resolve) => {
    resolveExit = resolve;
  });
  const fake = {
    started: [] as Array<{ file: string; args: readonly string[] }>,
    signals: [] as NodeJS.Signals[],
    stdout,
    stderr,
    leftBehind: false,
    outputClosed: false,
    finish(exit: DeployExit) {
      running = false;
      if (!fake.leftBehind) {
        stdout.end();
        stderr.end();
      }
      resolveExit(exit);
    },
    onSignal(signal: NodeJS.Signals) {
      if (running) fake.finish({ kind: 'signaled', signal });
    },
    spawn: ((file, args) => {
      fake.started.push({ file, args });
      const process: DeployProcess = {
        stdout,
        stderr,
        kill(signal) {
          fake.signals.push(signal);
          if (signal === 'SIGKILL') fake.leftBehind = false;
          fake.onSignal(signal);
        },
        isGroupRunning: async () => running || fake.leftBehind,
        closeOutput() {
          fake.outputClosed = true;
          stdout.destroy();
          stderr.destroy();
        },
        exited,
      };
      return process;
    }) as DeploySpawner,
  };
  return fake;
}
