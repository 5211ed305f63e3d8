import { PassThrough } from 'node:stream';
import type { DeployExit, DeployProcess, DeploySpawner } from './spawn-deploy.js';

/** A deploy command the test ends by hand; records what it was started with and every signal sent. */
export function createFakeDeploy(): {
  spawn: DeploySpawner;
  started: Array<{ file: string; args: readonly string[] }>;
  signals: NodeJS.Signals[];
  stdout: PassThrough;
  stderr: PassThrough;
  finish(exit: DeployExit): void;
  /** how the fake reacts to a signal; default: it ends by that signal at once */
  onSignal: (signal: NodeJS.Signals) => void;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let resolveExit: (exit: DeployExit) => void = () => {};
  const exited = new Promise<DeployExit>((resolve) => {
    resolveExit = resolve;
  });
  const fake = {
    started: [] as Array<{ file: string; args: readonly string[] }>,
    signals: [] as NodeJS.Signals[],
    stdout,
    stderr,
    finish(exit: DeployExit) {
      stdout.end();
      stderr.end();
      resolveExit(exit);
    },
    onSignal(signal: NodeJS.Signals) {
      fake.finish({ kind: 'signaled', signal });
    },
    spawn: ((file, args) => {
      fake.started.push({ file, args });
      const process: DeployProcess = {
        stdout,
        stderr,
        kill(signal) {
          fake.signals.push(signal);
          fake.onSignal(signal);
        },
        exited,
      };
      return process;
    }) as DeploySpawner,
  };
  return fake;
}
