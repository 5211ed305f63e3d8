import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FrontdoorError } from '../errors.js';
import { formatHostPort } from '../probe/format-host-port.js';
import { type LabProcess, startLabProcess } from './lab-process.js';
import { labRegistry, type ProcessRegistry } from './process-registry.js';
import { findBinary } from './require-binary.js';
import { assertEndpointsFree, waitForListen } from './wait-for-listen.js';

export interface HaproxyBackendServer {
  host: string;
  port: number;
  /** defaults to s1, s2, ... */
  name?: string;
}

export interface HaproxyOptions {
  /** where the frontend binds */
  address: string;
  port: number;
  /** the backend's servers; may be empty or all dead, in which case haproxy answers 503 itself */
  servers: HaproxyBackendServer[];
  /** health-check the servers (every 100 ms, down after one failure); default true */
  healthCheck?: boolean;
  /** server connect timeout; default 1000 ms */
  connectTimeoutMs?: number;
  /** path of the haproxy program; found with findBinary when omitted */
  haproxy?: string;
  readyTimeoutMs?: number;
  registry?: ProcessRegistry;
}

export interface HaproxyServer {
  address: string;
  port: number;
  dir: string;
  configPath: string;
  pid: number;
  /** haproxy's own log lines (it logs to stderr here) */
  output(): string;
  stop(): Promise<void>;
}

const FIRST_CHECK_ROUND_MS = 300;
export function renderHaproxyConfig(options: HaproxyOptions): string {
  const check = (options.healthCheck ?? true) ? ' check inter 100ms fall 1 rise 1' : '';
  const servers = options.servers.map(
    (server, index) =>
      `  server ${server.name ?? `s${index + 1}`} ${formatHostPort(server.host, server.port)}${check}`,
  );
  return [
    'global',
    '  log stderr format short local0 info',
    'defaults',
    '  mode http',
    '  log global',
    '  option httplog',
    `  timeout connect ${options.connectTimeoutMs ?? 1000}ms`,
    '  timeout client 30s',
    '  timeout server 30s',
    'frontend lab',
    `  bind ${formatHostPort(options.address, options.port)}`,
    '  default_backend app',
    'backend app',
    ...servers,
    '',
  ].join('\n');
}

/**
 * Runs haproxy in the foreground (-db) with one HTTP frontend and one backend. When no server is usable,
 * haproxy answers 503 "No server is available to handle this request." itself, as in production.
 */
export async function startHaproxy(options: HaproxyOptions): Promise<HaproxyServer> {
  const binary = options.haproxy ?? findBinary('haproxy');
  if (binary === undefined) throw new FrontdoorError('FD_ERR_LAB', 'haproxy is not installed');
  const registry = options.registry ?? labRegistry;
  const endpoint = { kind: 'tcp', host: options.address, port: options.port } as const;
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-haproxy-'));
  const forgetDir = registry.trackPath(dir);
  const configPath = join(dir, 'haproxy.cfg');
  let running: LabProcess | undefined;
  try {
    await writeFile(configPath, renderHaproxyConfig(options));
    await assertEndpointsFree('haproxy', [endpoint]);
    running = await startLabProcess(binary, ['-db', '-f', configPath], registry);
    await waitForListen(running, 'haproxy', [endpoint], options.readyTimeoutMs ?? 10_000);
    // Checked servers start UP until their first check; let one round run so a dead backend is already
    // marked down and the first request gets the immediate 503 rather than three connect retries.
    if ((options.healthCheck ?? true) && options.servers.length > 0) await sleep(FIRST_CHECK_ROUND_MS);
  } catch (error) {
    await running?.stop(['SIGTERM', 'SIGKILL'], 2000);
    await rm(dir, { recursive: true, force: true });
    forgetDir();
    throw error;
  }
  const haproxy = running;
  return {
    address: options.address,
    port: options.port,
    dir,
    configPath,
    pid: haproxy.pid,
    output: () => haproxy.output(),
    async stop() {
      // SIGUSR1 is haproxy's soft stop (finish current requests); SIGTERM its hard stop.
      await haproxy.stop(['SIGUSR1', 'SIGTERM', 'SIGKILL'], 3000);
      await rm(dir, { recursive: true, force: true });
      forgetDir();
    },
  };
}
