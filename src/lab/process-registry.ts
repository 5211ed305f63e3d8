import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * Everything the lab started and must not outlive the process that started it: server processes and
 * their temp dirs. Exit and signal hooks are installed on first use, once per registry.
 */
export interface ProcessRegistry {
  /** remembers a child until it exits; returns a function that forgets it early */
  trackProcess(child: ChildProcess): () => void;
  /** remembers a temp dir until `forget` is called; removed synchronously at exit otherwise */
  trackPath(path: string): () => void;
  /** children still running, for tests that prove nothing was left behind */
  runningPids(): number[];
  /** terminates every tracked child and removes every tracked dir, synchronously */
  cleanUp(): void;
}

/** The parts of `process` the registry hooks into; injectable so a test can drive exit and signals. */
export interface ProcessHost {
  once(event: 'exit', listener: () => void): unknown;
  once(event: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  listenerCount(event: string): number;
  kill(pid: number, signal: NodeJS.Signals): unknown;
  pid: number;
}

/**
 * SIGTERM rather than SIGKILL: nginx, php-fpm and haproxy masters answer SIGTERM by stopping their own
 * workers, so the whole tree goes even though this process will not wait for it. SIGKILL would orphan them.
 */
const EXIT_SIGNAL: NodeJS.Signals = 'SIGTERM';

export function createProcessRegistry(host: ProcessHost): ProcessRegistry {
  const children = new Set<ChildProcess>();
  const paths = new Set<string>();
  let hooked = false;

  function cleanUp(): void {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill(EXIT_SIGNAL);
    }
    children.clear();
    for (const path of paths) rmSync(path, { recursive: true, force: true });
    paths.clear();
  }

  function onSignal(signal: NodeJS.Signals): void {
    cleanUp();
    // Our listener replaced the default action (terminate); if nobody else handles the signal, restore it.
    if (host.listenerCount(signal) === 0) host.kill(host.pid, signal);
  }

  function hook(): void {
    if (hooked) return;
    hooked = true;
    host.once('exit', cleanUp);
    host.once('SIGINT', onSignal);
    host.once('SIGTERM', onSignal);
  }

  return {
    trackProcess(child) {
      hook();
      children.add(child);
      const forget = () => children.delete(child);
      child.once('exit', forget);
      return () => {
        forget();
      };
    },
    trackPath(path) {
      hook();
      paths.add(path);
      return () => {
        paths.delete(path);
      };
    },
    runningPids() {
      return [...children].flatMap((child) =>
        child.pid !== undefined && child.exitCode === null && child.signalCode === null ? [child.pid] : [],
      );
    },
    cleanUp,
  };
}

/** The registry every lab server in this process uses. */
export const labRegistry: ProcessRegistry = createProcessRegistry(process);
