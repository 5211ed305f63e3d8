import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AppBackend } from '../../../src/lab/app-backend.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import type { NginxServer } from '../../../src/lab/nginx-server.js';
import { buildCli } from '../cli/run-built-cli.js';

export const SHOP_HOST = 'shop.verify.test';

export interface Door {
  address: string;
  port: number;
}

/** A fresh loopback address with a free port on it, for one nginx door. */
export async function openDoor(): Promise<Door> {
  const address = allocateLoopbackAddress();
  return { address, port: await findFreePort(address) };
}

/**
 * Builds the CLI before the file's tests and gives them a scratch dir (configs, reports), removed after the
 * last one; returns the dir's path once the tests run.
 */
export function useGateWorkDir(prefix: string): () => string {
  let workDir: string | undefined;
  beforeAll(async () => {
    await buildCli();
    workDir = await mkdtemp(join(tmpdir(), prefix));
  }, 120_000);
  afterAll(async () => {
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });
  return () => {
    if (workDir === undefined) throw new Error('the gate work dir exists only while the tests run');
    return workDir;
  };
}

/** The nginx servers and app backends a test pushes here are stopped after it, pass or fail. */
export function useGateServers(): { servers: NginxServer[]; apps: AppBackend[] } {
  const servers: NginxServer[] = [];
  const apps: AppBackend[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  return { servers, apps };
}

/**
 * nginx `http {}` contents for plain-http doors: a default server answering 400 "Invalid Hostname" (so an
 * unrouted name gets another answer than the shop) and the shop's server, which either proxies to an app
 * backend or answers /health itself with `version`.
 */
export function renderDoorsBlock(options: { doors: Door[]; upstream?: Door; version?: string }): string {
  const health =
    options.upstream === undefined
      ? `location = /health { add_header x-app-version ${options.version ?? 'v1'} always; return 200 "ok\\n"; }`
      : `location / { proxy_pass http://${options.upstream.address}:${options.upstream.port}; }`;
  return options.doors
    .map(
      ({ address, port }) => `
      server {
        listen ${address}:${port} default_server;
        return 400 "Bad Request - Invalid Hostname\\n";
      }
      server {
        listen ${address}:${port};
        server_name ${SHOP_HOST} www.${SHOP_HOST};
        ${health}
      }`,
    )
    .join('\n');
}

/** A one-site configuration: the edge is door 0 (through a fixed resolve answer), each door is an origin. */
export async function writeDoorsConfig(path: string, doors: Door[]): Promise<void> {
  const [edge] = doors;
  if (edge === undefined) throw new RangeError('writeDoorsConfig needs a door');
  const lines = [
    'origins:',
    ...doors.map((door, index) => `  web${index + 1}: "${door.address}:${door.port}"`),
    'resolve:',
    `  ${SHOP_HOST}: ${edge.address}`,
    `  www.${SHOP_HOST}: ${edge.address}`,
    'sites:',
    '  shop:',
    `    url: http://${SHOP_HOST}:${edge.port}/health`,
    `    aliases: [www.${SHOP_HOST}]`,
    `    origins: [${doors.map((_, index) => `web${index + 1}`).join(', ')}]`,
    '',
  ];
  await writeFile(path, lines.join('\n'));
}
