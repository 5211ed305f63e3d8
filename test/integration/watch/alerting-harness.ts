import { createServer, type Server } from 'node:http';
import Database from 'better-sqlite3';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type ServeProcess, spawnServe } from './serve-process.js';

/** Short rounds and retries keep these tests fast; the incident logic is the same at 30 s. */
export const FAST_WATCH = {
  interval: '300ms',
  burst: 1,
  timeout: '3s',
  concurrency: 16,
  origin_concurrency: 4,
};
export const FAST_RETRY = { base: '200ms', cap: '1s' };

/**
 * Starts `frontdoor serve` on a fresh loopback address; `running` collects it for the afterEach kill, and
 * `env` adds variables for the configuration's `${VAR}`.
 */
export async function startServe(
  config: string,
  store: string,
  cwd: string,
  running: ServeProcess[],
  env: Record<string, string> = {},
): Promise<{ serve: ServeProcess; url: string }> {
  const address = allocateLoopbackAddress();
  const port = await findFreePort(address);
  const serve = spawnServe(
    ['-c', config, '--store', `sqlite:${store}`, '--listen', `${address}:${port}`],
    cwd,
    env,
  );
  running.push(serve);
  return { serve, url: await serve.url() };
}

/** Calls `check` every 100 ms until it is true, for at most `timeoutMs`. */
export async function pollUntil(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface OutboxRowView {
  key: string;
  channel: string;
  kind: string;
  state: string;
  attempts: number;
}

/** The outbox and the number of stored batches, read through a second connection as any reader would. */
export function readOutbox(path: string): { rows: OutboxRowView[]; batches: number; failedAttempts: number } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT key, channel, kind, state, attempts FROM outbox ORDER BY created_ms, id')
      .all() as OutboxRowView[];
    const batches = (db.prepare('SELECT count(*) AS n FROM batches').get() as { n: number }).n;
    const failedAttempts = (
      db.prepare("SELECT count(*) AS n FROM deliveries WHERE result = 'failed'").get() as { n: number }
    ).n;
    return { rows, batches, failedAttempts };
  } catch (error) {
    // before serve created its tables
    if ((error as { code?: string }).code === 'SQLITE_ERROR')
      return { rows: [], batches: 0, failedAttempts: 0 };
    throw error;
  } finally {
    db.close();
  }
}

export interface RoundView {
  targetId: string;
  atMs: number;
  reason: string;
  verdict: string;
  requests: number;
}

/** Every stored round, oldest first, read through a second connection. */
export function readRounds(path: string): RoundView[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        'SELECT target_id AS targetId, at_ms AS atMs, reason, verdict, requests FROM rounds ORDER BY at_ms, id',
      )
      .all() as RoundView[];
  } finally {
    db.close();
  }
}

/**
 * A receiver that takes a request and never answers: the sender is mid-delivery for as long as it lasts.
 * `seen` lists the idempotency keys that arrived.
 */
export async function startBlackHole(
  address: string,
  port: number,
): Promise<{ seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((request) => {
    seen.push(String(request.headers['idempotency-key'] ?? ''));
    request.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port }, resolve);
  });
  return {
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An origin's app answering 200, started on the origin's address and port (its door opens again); returns its closer. */
export function startOriginApp(address: string, port: number): Promise<() => Promise<void>> {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port }, () =>
      resolve(
        () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      ),
    );
  });
}

/**
 * The site these tests watch: one health URL pinned to origin web1, never through an edge, 200 expected;
 * `aliases` adds www.example.test, `environment` names the environment whose alerts it follows.
 */
export function shopSite(options: { aliases?: boolean; environment?: string } = {}): Record<string, unknown> {
  return {
    url: 'http://shop.example.test/health',
    ...(options.aliases === true ? { aliases: ['www.example.test'] } : {}),
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    edge: false,
    origins: ['web1'],
    expect: { status: [200] },
  };
}
