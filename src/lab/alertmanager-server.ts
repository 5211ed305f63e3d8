import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrontdoorError } from '../errors.js';
import { formatHostPort } from '../probe/format-host-port.js';
import { type LabProcess, startLabProcess } from './lab-process.js';
import { allocateLoopbackAddress, findFreePort } from './loopback.js';
import { labRegistry, type ProcessRegistry } from './process-registry.js';
import { BINARY_SEARCH_DIRS } from './require-binary.js';
import { assertEndpointsFree, waitForListen } from './wait-for-listen.js';
import { waitForReadyUrl } from './wait-for-ready-url.js';

export interface AlertmanagerServer {
  /** http://ADDRESS:PORT: the channel's `url` */
  url: string;
  pid: number;
  /** the alerts Alertmanager holds now (GET /api/v2/alerts) */
  listAlerts(): Promise<
    Array<{
      labels: Record<string, string>;
      annotations: Record<string, string>;
      startsAt: string;
      endsAt: string;
      status: { state: string };
    }>
  >;
  output(): string;
  stop(): Promise<void>;
}

/** Debian's package installs it as prometheus-alertmanager; upstream builds call it alertmanager. */
export function findAlertmanager(dirs: readonly string[] = BINARY_SEARCH_DIRS): string | undefined {
  for (const dir of dirs) {
    for (const name of ['prometheus-alertmanager', 'alertmanager']) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Receives alerts and routes them nowhere: the tests read them back through its API. */
const CONFIG = `route:
  receiver: blackhole
receivers:
  - name: blackhole
`;

/**
 * Starts the real Alertmanager on a fresh loopback address and free port, with its own storage in a temp
 * directory and clustering off (no gossip port, nothing beyond loopback), and waits until it is ready.
 */
export async function startAlertmanager(
  options: { binary?: string; registry?: ProcessRegistry; readyTimeoutMs?: number } = {},
): Promise<AlertmanagerServer> {
  const binary = options.binary ?? findAlertmanager();
  if (binary === undefined) {
    throw new FrontdoorError(
      'FD_ERR_LAB',
      'prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager)',
    );
  }
  const registry = options.registry ?? labRegistry;
  const address = allocateLoopbackAddress();
  const port = await findFreePort(address);
  const endpoint = { kind: 'tcp', host: address, port } as const;
  const url = `http://${formatHostPort(address, port)}`;
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-alertmanager-'));
  const forgetDir = registry.trackPath(dir);
  let running: LabProcess | undefined;
  try {
    await writeFile(join(dir, 'alertmanager.yml'), CONFIG);
    await assertEndpointsFree('alertmanager', [endpoint]);
    running = await startLabProcess(
      binary,
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=${formatHostPort(address, port)}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      registry,
    );
    await waitForListen(running, 'alertmanager', [endpoint], options.readyTimeoutMs ?? 15_000);
    await waitForReadyUrl(running, 'alertmanager', `${url}/-/ready`, options.readyTimeoutMs ?? 15_000);
  } catch (error) {
    await running?.stop(['SIGTERM', 'SIGKILL'], 2000);
    await rm(dir, { recursive: true, force: true });
    forgetDir();
    throw error;
  }
  const server = running;
  return {
    url,
    pid: server.pid,
    async listAlerts() {
      const response = await fetch(`${url}/api/v2/alerts`, { signal: AbortSignal.timeout(5000) });
      return (await response.json()) as Awaited<ReturnType<AlertmanagerServer['listAlerts']>>;
    },
    output: () => server.output(),
    async stop() {
      await server.stop(['SIGTERM', 'SIGKILL'], 3000);
      await rm(dir, { recursive: true, force: true });
      forgetDir();
    },
  };
}
