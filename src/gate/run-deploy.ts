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

export const DEPLOY_OUTPUT_PREFIX = 'deploy| ';

/**
 * Runs the deploy command to its end, streaming its stdout and stderr (each line prefixed) to `output`.
 * Never rejects: a command that cannot start is an outcome like any other exit.
 */
export async function runDeploy(command: readonly string[], options: DeployOptions): Promise<DeployOutcome> {
  const [file, ...args] = command;
  if (file === undefined) throw new RangeError('runDeploy needs a command');
  const startedAtMs = options.clock.now();
  const child = options.spawn(file, args);
  const streams = [child.stdout, child.stderr].flatMap((stream) => (stream === null ? [] : [stream]));
  const prefixers = streams.map((stream) => {
    const prefixer = prefixLines(DEPLOY_OUTPUT_PREFIX, options.output);
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => prefixer.write(chunk));
    return prefixer;
  });

  let interrupted = false;
  const stop = () => {
    interrupted = true;
    child.kill('SIGTERM');
    const grace = new AbortController();
    void child.exited.then(() => grace.abort());
    void options.sleep(options.killGraceMs ?? 5000, grace.signal).then(() => {
      if (!grace.signal.aborted) child.kill('SIGKILL');
    });
  };
  if (options.signal?.aborted === true) stop();
  else options.signal?.addEventListener('abort', stop, { once: true });

  const exit = await child.exited;
  options.signal?.removeEventListener('abort', stop);
  for (const prefixer of prefixers) prefixer.flush();
  return {
    command: [...command],
    exit,
    startedAtMs,
    durationMs: options.clock.now() - startedAtMs,
    interrupted,
  };
}
