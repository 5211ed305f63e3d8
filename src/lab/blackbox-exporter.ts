import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrontdoorError } from '../errors.js';
import { formatHostPort } from '../probe/format-host-port.js';
import { fetchText, type TextResponse } from './fetch-text.js';
import { type LabProcess, startLabProcess } from './lab-process.js';
import { allocateLoopbackAddress, findFreePort } from './loopback.js';
import { labRegistry, type ProcessRegistry } from './process-registry.js';
import { findBinary } from './require-binary.js';
import { assertEndpointsFree, waitForListen } from './wait-for-listen.js';
import { waitForReadyUrl } from './wait-for-ready-url.js';

export interface BlackboxOptions {
  /** `modules:` of blackbox.yml, as blackbox reads them (written as JSON, which is YAML) */
  modules: Readonly<Record<string, unknown>>;
  address?: string;
  port?: number;
  /** path of the exporter; found with findBinary when omitted */
  binary?: string;
  readyTimeoutMs?: number;
  registry?: ProcessRegistry;
}

export interface BlackboxExporter {
  address: string;
  port: number;
  /** http://address:port, the address a scrape configuration's relabelling points at */
  url: string;
  pid: number;
  /** GET /probe with these query parameters (and headers, e.g. X-Prometheus-Scrape-Timeout-Seconds) */
  probe(params: Record<string, string>, headers?: Record<string, string>): Promise<TextResponse>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs Debian's prometheus-blackbox-exporter on a loopback address with the given modules, waits until
 * `/-/healthy` answers, and stops it leaving nothing behind: the reference frontdoor's `/probe` is compared
 * with. (bench/blackbox-exporter.js drives it for the benchmark.)
 */
export async function startBlackboxExporter(options: BlackboxOptions): Promise<BlackboxExporter> {
  const binary = options.binary ?? findBinary('prometheus-blackbox-exporter');
  if (binary === undefined)
    throw new FrontdoorError('FD_ERR_LAB', 'prometheus-blackbox-exporter is not installed');
  const registry = options.registry ?? labRegistry;
  const address = options.address ?? allocateLoopbackAddress();
  const port = options.port ?? (await findFreePort(address));
  const endpoint = { kind: 'tcp', host: address, port } as const;
  const url = `http://${formatHostPort(address, port)}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-blackbox-'));
  const forgetDir = registry.trackPath(dir);
  const configPath = join(dir, 'blackbox.yml');
  let running: LabProcess | undefined;
  try {
    await writeFile(configPath, `${JSON.stringify({ modules: options.modules }, null, 2)}\n`);
    await assertEndpointsFree('blackbox_exporter', [endpoint]);
    running = await startLabProcess(
      binary,
      [
        `--config.file=${configPath}`,
        `--web.listen-address=${formatHostPort(address, port)}`,
        '--log.level=warn',
      ],
      registry,
    );
    await waitForListen(running, 'blackbox_exporter', [endpoint], readyTimeoutMs);
    await waitForReadyUrl(running, 'blackbox_exporter', `${url}/-/healthy`, readyTimeoutMs);
  } catch (error) {
    await running?.stop(['SIGTERM', 'SIGKILL'], 3000);
    await rm(dir, { recursive: true, force: true });
    forgetDir();
    throw error;
  }
  const server = running;
  return {
    address,
    port,
    url,
    pid: server.pid,
    probe: (params, headers = {}) => fetchText(`${url}/probe?${new URLSearchParams(params)}`, { headers }),
    output: () => server.output(),
    async stop() {
      await server.stop(['SIGTERM', 'SIGKILL'], 3000);
      await rm(dir, { recursive: true, force: true });
      forgetDir();
    },
  };
}
