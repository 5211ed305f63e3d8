import type { Clock, Sleep } from './clock.js';
import { prefixLines } from './prefix-lines.js';
import type { DeployExit, DeploySpawner } from './spawn-deploy.js';

export interface DeployOutcome {
  /** the command as given: program first */
  command: string[];
  exit: DeployExit;
  startedAtMs: number;
  durationMs: number;
  /** stopped by the signal (Ctrl-C) rather than ending by itself */
  interrupted: boolean;
}

export interface DeployOptions {
  spawn: DeploySpawner;
  clock: Clock;
  sleep: Sleep;
  /** receives the command's output, every line prefixed */
  output: (text: string) => void;
  /** aborting stops the command: SIGTERM to its process group, SIGKILL after `killGraceMs` */
  signal?: AbortSignal;
  killGraceMs?: number;
}

/** A deploy command started by `startDeploy`. */
export interface RunningDeploy {
  /** resolves when the command itself has exited (or could not start); never rejects */
  finished: Promise<DeployOutcome>;
  /**
   * Ends whatever is left of the command's process group (SIGTERM, then SIGKILL after the grace period to
   * any process still running), then stops reading its output and closes the pipes. Call it once the gate
   * is decided: nothing the deploy started outlives frontdoor or holds it open.
   */
  release(): Promise<void>;
}

export const DEPLOY_OUTPUT_PREFIX = 'deploy| ';
export const DEFAULT_KILL_GRACE_MS = 5000;
// How often a stopping group is looked at; short against the grace period, long against a /proc scan.
const GROUP_POLL_MS = 50;

/**
 * Starts the deploy command, streaming its stdout and stderr (each line prefixed) to `output`. A command
 * that cannot start is an outcome like any other exit. Aborting `signal` stops the whole process group.
 */
export function startDeploy(command: readonly string[], options: DeployOptions): RunningDeploy {
  const [file, ...args] = command;
  if (file === undefined) throw new RangeError('startDeploy needs a command');
  const startedAtMs = options.clock.now();
  const child = options.spawn(file, args);
  const streams = [child.stdout, child.stderr].flatMap((stream) => (stream === null ? [] : [stream]));
  const prefixers = streams.map((stream) => {
    const prefixer = prefixLines(DEPLOY_OUTPUT_PREFIX, options.output);
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => prefixer.write(chunk));
    // A destroyed pipe may report its end as an error; the output simply stops there.
    stream.on('error', () => {});
    return prefixer;
  });

  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  let stopping: Promise<void> | undefined;
  // SIGTERM to the group, then SIGKILL to whatever still runs after the grace period, the command itself
  // having exited or not: a grandchild that ignores SIGTERM must not survive the gate.
  const stopGroup = (): Promise<void> => {
    stopping ??= (async () => {
      if (!(await child.isGroupRunning())) return;
      child.kill('SIGTERM');
      const deadline = options.clock.now() + graceMs;
      for (;;) {
        const left = deadline - options.clock.now();
        if (left <= 0) break;
        await options.sleep(Math.min(GROUP_POLL_MS, left));
        if (!(await child.isGroupRunning())) return;
      }
      child.kill('SIGKILL');
    })();
    return stopping;
  };

  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    void stopGroup();
  };
  if (options.signal?.aborted === true) interrupt();
  else options.signal?.addEventListener('abort', interrupt, { once: true });

  const finished = child.exited.then((exit): DeployOutcome => {
    options.signal?.removeEventListener('abort', interrupt);
    // The command's last words, even without a newline, belong before the final check's output.
    for (const prefixer of prefixers) prefixer.flush();
    return {
      command: [...command],
      exit,
      startedAtMs,
      durationMs: options.clock.now() - startedAtMs,
      interrupted,
    };
  });
  let releasing: Promise<void> | undefined;
  return {
    finished,
    release() {
      releasing ??= (async () => {
        options.signal?.removeEventListener('abort', interrupt);
        await stopGroup();
        child.closeOutput();
        for (const prefixer of prefixers) prefixer.flush();
      })();
      return releasing;
    },
  };
}
