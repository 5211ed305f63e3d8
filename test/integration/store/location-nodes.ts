import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import type { LeaseStatus } from '../../../src/store/lease-keeper.js';
import { type ServeProcess, spawnServe } from '../watch/serve-process.js';

/** What the tests read from a node's GET /api/v1/status. */
export interface NodeStatus {
  scheduler: { rounds: number };
  store: { degraded: boolean; queuedRounds: number; reason?: string };
  lease: LeaseStatus;
}

/** One `frontdoor serve --store postgres://... --location NAME` process; restartable after a kill. */
export interface LocationNode {
  location: string;
  configPath: string;
  serve: ServeProcess;
  url: string;
  /** every process this location ran, the current one last: their logs outlive a kill */
  history: ServeProcess[];
}

/**
 * The fleet every location watches: one site, reached through a `resolve` answer of the location's own;
 * with `cart`, a second site (cart.test) at that address; with `hook`, paged (the default policy) to a
 * webhook there; two locations must agree unless `quorum` says otherwise.
 */
export function renderLocationConfig(options: {
  address: string;
  port: number;
  interval: string;
  cart?: string;
  hook?: string;
  /** `watch.quorum` (default 2); 'majority' leaves it out: a majority of the locations reporting */
  quorum?: number | 'majority';
}): string {
  const alerts =
    options.hook === undefined
      ? []
      : [
          'alerts:',
          `  channels: { hook: { type: webhook, url: "${options.hook}" } }`,
          '  policies: { page: { channels: [hook] } }',
          '  retry: { base: 200ms, cap: 1s }',
        ];
  return [
    'catch_all: false',
    'resolve:',
    `  shop.test: ${options.address}`,
    ...(options.cart === undefined ? [] : [`  cart.test: ${options.cart}`]),
    'sites:',
    `  shop: { url: "http://shop.test:${options.port}/health", expect: { status: 200 } }`,
    ...(options.cart === undefined
      ? []
      : [`  cart: { url: "http://cart.test:${options.port}/health", expect: { status: 200 } }`]),
    'watch:',
    `  interval: ${options.interval}`,
    '  burst: 1',
    // As long as the interval: a location that meets the stalled listener still reports every interval.
    `  timeout: ${options.interval}`,
    ...(options.quorum === 'majority' ? [] : [`  quorum: ${options.quorum ?? 2}`]),
    ...alerts,
    '',
  ].join('\n');
}

export async function writeLocationConfig(dir: string, location: string, text: string): Promise<string> {
  const path = join(dir, `${location}.yaml`);
  await writeFile(path, text);
  return path;
}

/** Starts a node (or a new process for a node) and waits until it says it is watching. */
export async function startLocationNode(
  dir: string,
  location: string,
  configPath: string,
  storeUrl: string,
  previous: ServeProcess[] = [],
): Promise<LocationNode> {
  const address = allocateLoopbackAddress();
  const port = await findFreePort(address);
  const serve = spawnServe(
    ['-c', configPath, '--store', storeUrl, '--location', location, '--listen', `${address}:${port}`],
    dir,
  );
  const history = [...previous, serve];
  return { location, configPath, serve, url: await serve.url(), history };
}

export async function readNodeStatus(node: LocationNode): Promise<NodeStatus> {
  const response = await fetch(`${node.url}/api/v1/status`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${node.location}: GET /api/v1/status answered ${response.status}`);
  return (await response.json()) as NodeStatus;
}

/** Calls `check` every 100 ms until it returns a value other than undefined; throws after `timeoutMs`. */
export async function pollFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** (epoch, owner) of every 'lease: acquired' line any process of these nodes logged. */
export function listAcquisitions(nodes: readonly LocationNode[]): Array<{ epoch: number; owner: string }> {
  return nodes.flatMap((node) =>
    node.history.flatMap((serve) =>
      serve.logs
        .filter((line) => line.msg.startsWith('lease: acquired'))
        .map((line) => ({ epoch: Number(line.epoch), owner: String(line.owner) })),
    ),
  );
}

/**
 * A healthy HTTP server answering "ok" on a fresh loopback address at `port`: the stalled listener's port,
 * so two locations reach the same URL and only their `resolve` answer tells the healthy one from the stall.
 */
export async function listenHealthyBeside(port: number): Promise<{ address: string; server: Server }> {
  const address = allocateLoopbackAddress();
  const server = createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port, exclusive: true }, resolve);
  });
  return { address, server };
}
