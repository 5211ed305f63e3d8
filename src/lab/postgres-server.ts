import { execFile } from 'node:child_process';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { FrontdoorError } from '../errors.js';
import { describeProcessEnd, type LabProcess, type LabProcessUser, startLabProcess } from './lab-process.js';
import { allocateLoopbackAddress, findFreePort } from './loopback.js';
import { labRegistry, type ProcessRegistry } from './process-registry.js';
import { findBinary } from './require-binary.js';
import { assertEndpointsFree, waitForListen } from './wait-for-listen.js';

/** The superuser initdb creates; trust authentication on loopback, so no password anywhere. */
export const POSTGRES_LAB_USER = 'frontdoor';

export interface PostgresOptions {
  /** listen address; default a fresh loopback address with a free port */
  address?: string;
  port?: number;
  /** the directory holding initdb and postgres; default the newest version under /usr/lib/postgresql */
  binDir?: string;
  /**
   * fsync and synchronous commit as in production. Off by default: the tests need a real server, not a
   * durable one, and fsync on a shared disk would make every suite run slower for nothing it proves.
   */
  durable?: boolean;
  /** more `-c name=value` settings */
  settings?: Record<string, string>;
  readyTimeoutMs?: number;
  registry?: ProcessRegistry;
}

export interface PostgresServer {
  address: string;
  port: number;
  /** the temporary directory holding the cluster (data/) and its unix socket */
  dir: string;
  /** the postmaster's pid while it runs */
  pid(): number;
  /** `postgres://frontdoor@ADDRESS:PORT/NAME` */
  url(database: string): string;
  /** creates an empty database and returns its URL */
  createDatabase(name: string): Promise<string>;
  /** runs one statement on `database` through a short-lived connection */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(
    database: string,
    text: string,
    values?: unknown[],
  ): Promise<T[]>;
  /** a fast shutdown (clients are disconnected): the database blinks until start() */
  halt(): Promise<void>;
  /** starts the server again on the same cluster, address and port */
  start(): Promise<void>;
  output(): string;
  /** shuts the server down and removes the cluster */
  stop(): Promise<void>;
}

/**
 * Who the cluster runs as. PostgreSQL refuses to start as root, and CI runs as root: then the server runs
 * as the `postgres` user the Debian package creates (or `nobody`), with the cluster directory given to it.
 */
export async function choosePostgresUser(
  uid: number | undefined = process.getuid?.(),
  passwd?: string,
): Promise<LabProcessUser | undefined> {
  if (uid !== 0) return undefined;
  const text = passwd ?? (await readFile('/etc/passwd', 'utf8').catch(() => ''));
  const entries = new Map(
    text
      .split('\n')
      .map((line) => line.split(':'))
      .filter((fields) => fields.length >= 4)
      .map((fields) => [fields[0] ?? '', { uid: Number(fields[2]), gid: Number(fields[3]) }]),
  );
  const user = entries.get('postgres') ?? entries.get('nobody');
  if (user === undefined || user.uid === 0) {
    throw new FrontdoorError('FD_ERR_LAB', 'running as root and neither a postgres nor a nobody user exists');
  }
  return user;
}

function runAs(file: string, args: readonly string[], user: LabProcessUser | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 60_000, ...(user ?? {}) }, (error, _stdout, stderr) => {
      if (error === null) resolve();
      else
        reject(
          new FrontdoorError('FD_ERR_LAB', `${file} failed: ${stderr.trim() || error.message}`, {
            cause: error,
          }),
        );
    });
  });
}

/**
 * Runs Debian's real PostgreSQL on a loopback address: `initdb` in a temporary directory, then `postgres`
 * on a free port with its unix socket in that directory (never /var/run/postgresql), trust authentication
 * for the `frontdoor` superuser. Nothing is left behind: stop() removes the cluster, and the process
 * registry does if the test process dies first. No system service is involved.
 * @example const server = await startPostgres(); const url = await server.createDatabase('watch');
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const postgres = findBinary('postgres');
  const binDir = options.binDir ?? (postgres === undefined ? undefined : dirname(postgres));
  if (binDir === undefined) {
    throw new FrontdoorError('FD_ERR_LAB', 'postgresql is not installed (nothing under /usr/lib/postgresql)');
  }
  const registry = options.registry ?? labRegistry;
  const address = options.address ?? allocateLoopbackAddress();
  const port = options.port ?? (await findFreePort(address));
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const user = await choosePostgresUser();
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-postgres-'));
  const forgetDir = registry.trackPath(dir);
  const data = join(dir, 'data');
  const durable = options.durable === true;
  const settings: Record<string, string> = {
    unix_socket_directories: dir,
    fsync: durable ? 'on' : 'off',
    synchronous_commit: durable ? 'on' : 'off',
    full_page_writes: durable ? 'on' : 'off',
    log_min_messages: 'warning',
    ...options.settings,
  };
  const args = [
    '-D',
    data,
    '-h',
    address,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
  let running: LabProcess | undefined;

  const url = (database: string) =>
    `postgres://${POSTGRES_LAB_USER}@${address}:${port}/${encodeURIComponent(database)}`;

  const query = async <T extends pg.QueryResultRow>(
    database: string,
    text: string,
    values: unknown[] = [],
  ): Promise<T[]> => {
    const client = new pg.Client({ connectionString: url(database), connectionTimeoutMillis: 5_000 });
    // A shutdown during the query rejects it; the client's 'error' event after that must not end the process.
    client.on('error', () => {});
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  };

  const start = async (): Promise<void> => {
    await assertEndpointsFree('postgres', [{ kind: 'tcp', host: address, port }]);
    const server = await startLabProcess(join(binDir, 'postgres'), args, registry, user);
    running = server;
    await waitForListen(server, 'postgres', [{ kind: 'tcp', host: address, port }], readyTimeoutMs);
    await waitUntilReady(server, () => query('postgres', 'SELECT 1'), readyTimeoutMs);
  };

  const halt = async (): Promise<void> => {
    // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, the cluster is left consistent.
    await running?.stop(['SIGINT', 'SIGKILL'], 10_000);
  };

  try {
    if (user !== undefined) await chown(dir, user.uid, user.gid);
    await runAs(
      join(binDir, 'initdb'),
      ['-D', data, '-U', POSTGRES_LAB_USER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
      user,
    );
    await start();
  } catch (error) {
    await halt();
    await rm(dir, { recursive: true, force: true });
    forgetDir();
    throw error;
  }

  return {
    address,
    port,
    dir,
    pid: () => running?.pid ?? 0,
    url,
    async createDatabase(name) {
      await query('postgres', `CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      return url(name);
    },
    query,
    halt,
    start,
    output: () => running?.output() ?? '',
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
      forgetDir();
    },
  };
}

/** PostgreSQL accepts connections before it can serve them ("the database system is starting up"). */
async function waitUntilReady(
  server: LabProcess,
  ping: () => Promise<unknown>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.hasExited()) {
      throw new FrontdoorError(
        'FD_ERR_LAB',
        describeProcessEnd('postgres', await server.exited, server.output()),
      );
    }
    const failure = await ping().then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    if (failure === undefined) return;
    if (Date.now() > deadline) {
      throw new FrontdoorError(
        'FD_ERR_LAB',
        `postgres was not ready within ${timeoutMs} ms (${failure}): ${server.output().trim()}`,
      );
    }
    await sleep(100);
  }
}
