import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { listenExclusive } from './listen-exclusive.js';
import { allocateLoopbackAddress, findFreePort } from './loopback.js';
import { trackConnections } from './track-connections.js';

/** Marker in every body the app itself writes, so a test can tell its 500 from a proxy's. */
export const APP_MARKER = 'frontdoor-lab-app';

/** How the app answers; switchable at runtime with setMode. */
export type AppMode =
  | { kind: 'healthy' }
  /** an application-made 500 after `delayMs` of "work" (default 30 ms: slower than any proxy-made error) */
  | { kind: 'error500'; delayMs?: number }
  | { kind: 'slow'; delayMs: number }
  /** accepts the request and never answers */
  | { kind: 'hang' }
  /** a fixed share of requests fail with the app's 500, spread evenly and deterministically (counted from setMode) */
  | { kind: 'flapping'; failRatio: number }
  /** healthy, but announces another version (a deploy that did not land) */
  | { kind: 'wrong_version'; version: string };

export interface AppBackendOptions {
  /** default: a fresh loopback address */
  address?: string;
  /** default: a free port on the address */
  port?: number;
  /** x-app-version of healthy answers; default "1.0.0" */
  version?: string;
  mode?: AppMode;
  /** serve https with this certificate (e.g. from the lab CA) */
  tls?: { certPath: string; keyPath: string };
}

export interface AppBackend {
  address: string;
  port: number;
  protocol: 'http' | 'https';
  version: string;
  setMode(mode: AppMode): void;
  setVersion(version: string): void;
  /** requests received so far (including hung ones) */
  requestCount(): number;
  /** closes the listener and destroys every open connection, hung ones included */
  close(): Promise<void>;
}

/**
 * Whether request number `n` (1-based) fails at `failRatio`: it does when n * ratio crosses an integer,
 * so ratio 0.25 fails requests 4, 8, 12, ... and 0.05 fails one in twenty, always the same ones.
 */
export function failsAt(n: number, failRatio: number): boolean {
  return Math.floor(n * failRatio) !== Math.floor((n - 1) * failRatio);
}

/**
 * A small application server (node:http or https) behind the lab's proxies: "ok" with x-app-version,
 * or one of the failure modes in AppMode.
 * @example const app = await startAppBackend({ version: '2.0.0', mode: { kind: 'flapping', failRatio: 0.1 } });
 */
export async function startAppBackend(options: AppBackendOptions = {}): Promise<AppBackend> {
  const address = options.address ?? allocateLoopbackAddress();
  const port = options.port ?? (await findFreePort(address));
  let version = options.version ?? '1.0.0';
  let mode: AppMode = options.mode ?? { kind: 'healthy' };
  let count = 0;
  // flapping counts from the moment the mode was set, so a scenario knows exactly which requests fail
  let countAtModeChange = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    count += 1;
    const n = count;
    const current = mode;
    req.resume();
    const answer = (status: number, body: string, announced = version) => {
      res.writeHead(status, { 'content-type': 'text/plain', 'x-app-version': announced });
      res.end(body);
    };
    const appError = () => answer(500, `application error on request ${n} (${APP_MARKER})\n`);
    switch (current.kind) {
      case 'healthy':
        return answer(200, 'ok\n');
      case 'error500':
        await sleep(current.delayMs ?? 30);
        return appError();
      case 'slow':
        await sleep(current.delayMs);
        return answer(200, 'ok\n');
      case 'hang':
        return;
      case 'flapping':
        if (!failsAt(n - countAtModeChange, current.failRatio)) return answer(200, 'ok\n');
        await sleep(30);
        return appError();
      case 'wrong_version':
        return answer(200, 'ok\n', current.version);
    }
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => res.destroy(error instanceof Error ? error : undefined));
  };
  const server =
    options.tls === undefined
      ? createHttpServer(listener)
      : createHttpsServer(
          { cert: await readFile(options.tls.certPath), key: await readFile(options.tls.keyPath) },
          listener,
        );
  const close = trackConnections(server);
  await listenExclusive(server, address, port, 'app backend');

  return {
    address,
    port,
    protocol: options.tls === undefined ? 'http' : 'https',
    get version() {
      return version;
    },
    setMode(next) {
      mode = next;
      countAtModeChange = count;
    },
    setVersion(next) {
      version = next;
    },
    requestCount: () => count,
    close,
  };
}
