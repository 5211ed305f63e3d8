import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrontdoorError } from '../errors.js';
import { listChildPids } from './child-pids.js';
import { type LabProcess, startLabProcess } from './lab-process.js';
import { renderPhpScripts } from './php-scripts.js';
import { labRegistry, type ProcessRegistry } from './process-registry.js';
import { findBinary } from './require-binary.js';
import { waitForListen } from './wait-for-listen.js';

export interface PhpFpmOptions {
  /** X-App-Version the scripts send; default "1.0.0" */
  version?: string;
  /** extra or replacement docroot files, by name */
  scripts?: Record<string, string>;
  /** static pool size; default 2 */
  workers?: number;
  /** false: prepare the docroot and socket path but start nothing (the "php-fpm is down" scenario) */
  start?: boolean;
  /** path of the php-fpm program; found with findBinary when omitted */
  phpFpm?: string;
  readyTimeoutMs?: number;
  registry?: ProcessRegistry;
}

export interface PhpFpmServer {
  /** where the pool listens (or would listen, when not started) */
  socketPath: string;
  /** the scripts' directory: point nginx's root here */
  docroot: string;
  dir: string;
  /** master pid, undefined when not started or stopped */
  pid: number | undefined;
  isRunning(): boolean;
  /** deletes the socket file while php-fpm keeps running: nginx then gets ENOENT (the "socket missing" case) */
  removeSocket(): Promise<void>;
  readLog(): Promise<string>;
  /** stops php-fpm (if running) and removes the temp dir */
  stop(): Promise<void>;
}

// A root master must hand its workers to an unprivileged user; -R is only needed if the pool stayed root.
function poolUser(): string[] {
  return process.getuid?.() === 0 ? ['user = nobody', 'group = nogroup'] : [];
}

function renderFpmConfig(dir: string, socketPath: string, workers: number): string {
  return [
    '[global]',
    `pid = ${join(dir, 'php-fpm.pid')}`,
    `error_log = ${join(dir, 'php-fpm.log')}`,
    'daemonize = no',
    '[lab]',
    ...poolUser(),
    `listen = ${socketPath}`,
    // nginx workers run as another user; the socket must accept them.
    'listen.mode = 0666',
    'pm = static',
    `pm.max_children = ${workers}`,
    'catch_workers_output = yes',
    'clear_env = yes',
    'php_admin_value[display_errors] = Off',
    'php_admin_value[log_errors] = On',
    '',
  ].join('\n');
}

// The socket accepts before pm = static has forked the whole pool; callers counting workers need all of them.
async function waitForWorkers(masterPid: number, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await listChildPids(masterPid)).length < count) {
    if (Date.now() > deadline)
      throw new FrontdoorError('FD_ERR_LAB', `php-fpm did not start ${count} workers`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Runs php-fpm in the foreground on a unix socket in a temp dir, with a docroot of small scripts
 * (index.php "ok", error.php app 500, fatal.php, slow.php, flaky.php; see php-scripts.ts).
 * Resolves once the socket accepts; throws FrontdoorError FD_ERR_LAB with php-fpm's output otherwise.
 */
export async function startPhpFpm(options: PhpFpmOptions = {}): Promise<PhpFpmServer> {
  const registry = options.registry ?? labRegistry;
  const shouldStart = options.start ?? true;
  const binary = options.phpFpm ?? findBinary('php-fpm');
  if (shouldStart && binary === undefined) throw new FrontdoorError('FD_ERR_LAB', 'php-fpm is not installed');
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-php-'));
  const forgetDir = registry.trackPath(dir);
  const docroot = join(dir, 'www');
  const stateDir = join(dir, 'state');
  const socketPath = join(dir, 'php-fpm.sock');
  const configPath = join(dir, 'php-fpm.conf');
  const workers = options.workers ?? 2;

  let master: LabProcess | undefined;
  try {
    await chmod(dir, 0o755);
    await mkdir(docroot, { mode: 0o755 });
    await mkdir(stateDir);
    // flaky.php's counter is written by pool workers running as nobody.
    await chmod(stateDir, 0o777);
    const files = { ...renderPhpScripts(options.version ?? '1.0.0', stateDir), ...options.scripts };
    for (const [name, content] of Object.entries(files))
      await writeFile(join(docroot, name), content, { mode: 0o644 });
    await writeFile(configPath, renderFpmConfig(dir, socketPath, workers));
    if (shouldStart && binary !== undefined) {
      master = await startLabProcess(binary, ['-F', '-O', '-n', '-R', '-y', configPath, '-p', dir], registry);
      const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
      await waitForListen(master, 'php-fpm', [{ kind: 'unix', path: socketPath }], readyTimeoutMs);
      await waitForWorkers(master.pid, workers, readyTimeoutMs);
    }
  } catch (error) {
    await master?.stop(['SIGTERM', 'SIGKILL'], 2000);
    await rm(dir, { recursive: true, force: true });
    forgetDir();
    throw error;
  }

  return {
    socketPath,
    docroot,
    dir,
    get pid() {
      return master === undefined || master.hasExited() ? undefined : master.pid;
    },
    isRunning: () => master !== undefined && !master.hasExited(),
    removeSocket: () => rm(socketPath, { force: true }),
    readLog: async () => readFile(join(dir, 'php-fpm.log'), 'utf8').catch(() => master?.output() ?? ''),
    async stop() {
      // SIGQUIT lets workers finish their request; SIGTERM is php-fpm's immediate stop.
      await master?.stop(['SIGQUIT', 'SIGTERM', 'SIGKILL'], 3000);
      await rm(dir, { recursive: true, force: true });
      forgetDir();
    },
  };
}

/**
 * nginx `location` for PHP through this pool: the piece scenarios put in a server block.
 * @example `server { listen ${a}:${p}; root ${fpm.docroot}; ${renderFastcgiLocation(fpm.socketPath)} }`
 */
export function renderFastcgiLocation(socketPath: string): string {
  return [
    'index index.php;',
    'location ~ \\.php$ {',
    `  fastcgi_pass unix:${socketPath};`,
    '  fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;',
    '  fastcgi_param QUERY_STRING $query_string;',
    '  fastcgi_param REQUEST_METHOD $request_method;',
    '  fastcgi_param CONTENT_TYPE $content_type;',
    '  fastcgi_param CONTENT_LENGTH $content_length;',
    '  fastcgi_param SCRIPT_NAME $fastcgi_script_name;',
    '  fastcgi_param REQUEST_URI $request_uri;',
    '  fastcgi_param SERVER_PROTOCOL $server_protocol;',
    '}',
  ].join('\n');
}
