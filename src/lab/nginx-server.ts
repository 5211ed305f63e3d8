import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FrontdoorError } from '../errors.js';
import { isPidAlive, listChildPids } from './child-pids.js';
import { describeProcessEnd, type LabProcess, startLabProcess } from './lab-process.js';
import { layoutNginxPrefix, parseListenEndpoints, renderNginxConfig } from './nginx-config.js';
import { labRegistry, type ProcessRegistry } from './process-registry.js';
import { findBinary } from './require-binary.js';
import { type CommandRunner, runCommand } from './run-command.js';
import { assertEndpointsFree, waitForListen } from './wait-for-listen.js';

export interface NginxServer {
  prefix: string;
  configPath: string;
  pid: number;
  errorLogPath: string;
  accessLogPath: string;
  /** validates the new http block with `nginx -t`, then SIGHUP; resolves once new workers serve it */
  reload(httpBlock?: string): Promise<void>;
  /** graceful stop (SIGQUIT, then SIGTERM, then SIGKILL), waits for master and workers, removes the prefix */
  stop(): Promise<void>;
  readErrorLog(): Promise<string>;
}

export interface NginxOptions {
  /** contents of `http { }`: server blocks with listen lines */
  httpBlock: string;
  /** path of the nginx program; found with findBinary when omitted */
  nginx?: string;
  readyTimeoutMs?: number;
  registry?: ProcessRegistry;
  run?: CommandRunner;
}

// Workers of a root master must drop privileges; nobody/nogroup exists on Debian and its derivatives.
function workerUser(): string | undefined {
  return process.getuid?.() === 0 ? 'nobody nogroup' : undefined;
}

/**
 * Runs nginx in the foreground with a private prefix (config, pid, logs, temp dirs). Resolves once every
 * `listen` of the block accepts TCP; throws FrontdoorError FD_ERR_LAB with nginx's output otherwise.
 * @example const nginx = await startNginx({ httpBlock: `server { listen ${address}:${port}; return 200 ok; }` });
 */
export async function startNginx(options: NginxOptions): Promise<NginxServer> {
  const binary = options.nginx ?? findBinary('nginx');
  if (binary === undefined) throw new FrontdoorError('FD_ERR_LAB', 'nginx is not installed');
  const registry = options.registry ?? labRegistry;
  const run = options.run ?? runCommand;
  const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  const prefix = await mkdtemp(join(tmpdir(), 'frontdoor-nginx-'));
  const forgetPrefix = registry.trackPath(prefix);
  const layout = layoutNginxPrefix(prefix);
  const user = workerUser();
  // -e: errors before the config is read go here instead of the packaged /var/log/nginx/error.log
  const baseArgs = ['-p', prefix, '-c', layout.configPath, '-e', layout.errorLogPath];

  let master: LabProcess | undefined;
  try {
    await chmod(prefix, 0o755);
    await mkdir(join(prefix, 'logs'));
    await mkdir(join(prefix, 'temp'));
    await writeFile(layout.configPath, renderNginxConfig(layout, options.httpBlock, user));
    await assertEndpointsFree('nginx', parseListenEndpoints(options.httpBlock));
    master = await startLabProcess(binary, [...baseArgs, '-g', 'daemon off;'], registry);
    await waitForListen(master, 'nginx', parseListenEndpoints(options.httpBlock), readyTimeoutMs);
  } catch (error) {
    await master?.stop(['SIGTERM', 'SIGKILL'], 2000);
    await rm(prefix, { recursive: true, force: true });
    forgetPrefix();
    throw error;
  }
  const running = master;
  let httpBlock = options.httpBlock;

  const reload = async (nextBlock?: string): Promise<void> => {
    const candidateBlock = nextBlock ?? httpBlock;
    // A config nginx rejects on SIGHUP is only logged and the old one keeps serving; test it first so
    // the caller gets the error instead of a silent no-op, and keep the active config file untouched.
    const candidatePath = `${layout.configPath}.next`;
    await writeFile(candidatePath, renderNginxConfig(layout, candidateBlock, user));
    try {
      await run(binary, ['-t', '-q', '-p', prefix, '-c', candidatePath, '-e', layout.errorLogPath]);
    } finally {
      await rm(candidatePath, { force: true });
    }
    httpBlock = candidateBlock;
    await writeFile(layout.configPath, renderNginxConfig(layout, httpBlock, user));
    const oldWorkers = await listChildPids(running.pid);
    running.child.kill('SIGHUP');
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (running.hasExited()) {
        throw new FrontdoorError(
          'FD_ERR_LAB',
          describeProcessEnd('nginx', await running.exited, running.output()),
        );
      }
      const workers = await listChildPids(running.pid);
      if (workers.some((pid) => !oldWorkers.includes(pid))) break;
      if (Date.now() > deadline) {
        throw new FrontdoorError(
          'FD_ERR_LAB',
          `nginx did not start new workers within ${readyTimeoutMs} ms of SIGHUP`,
        );
      }
      await sleep(25);
    }
    // Old workers close their listeners first, then finish in-flight requests: give them a moment so the
    // next connection meets a new worker, but do not wait on a request that hangs.
    const settle = Date.now() + 1000;
    while (oldWorkers.some(isPidAlive) && Date.now() < settle) await sleep(25);
    await waitForListen(running, 'nginx', parseListenEndpoints(httpBlock), readyTimeoutMs);
  };

  const stop = async (): Promise<void> => {
    const workers = await listChildPids(running.pid);
    await running.stop(['SIGQUIT', 'SIGTERM', 'SIGKILL'], 3000);
    // A master killed hard leaves its workers behind; they are ours to clean up.
    for (const pid of workers.filter(isPidAlive)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await rm(prefix, { recursive: true, force: true });
    forgetPrefix();
  };

  return {
    prefix,
    configPath: layout.configPath,
    pid: running.pid,
    errorLogPath: layout.errorLogPath,
    accessLogPath: layout.accessLogPath,
    reload,
    stop,
    readErrorLog: async () => (existsSync(layout.errorLogPath) ? readFile(layout.errorLogPath, 'utf8') : ''),
  };
}
