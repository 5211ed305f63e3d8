import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FrontdoorError } from '../errors.js';
import { formatHostPort } from '../probe/format-host-port.js';
import { fetchText } from './fetch-text.js';
import { type LabProcess, startLabProcess } from './lab-process.js';
import { allocateLoopbackAddress, findFreePort } from './loopback.js';
import { labRegistry, type ProcessRegistry } from './process-registry.js';
import { findBinary } from './require-binary.js';
import { assertEndpointsFree, waitForListen } from './wait-for-listen.js';
import { waitForReadyUrl } from './wait-for-ready-url.js';

export interface PrometheusOptions {
  /**
   * `scrape_configs` entries exactly as they would stand in prometheus.yml (written as JSON, which is YAML),
   * so a test can use a documented scrape configuration unchanged.
   */
  scrapeConfigs: ReadonlyArray<Record<string, unknown>>;
  /** global scrape_interval and scrape_timeout (default 1s: tests wait for a few scrapes, not minutes) */
  scrapeInterval?: string;
  /** listen address; default a fresh loopback address with a free port */
  address?: string;
  port?: number;
  /** path of the prometheus program; found with findBinary when omitted */
  prometheus?: string;
  readyTimeoutMs?: number;
  registry?: ProcessRegistry;
}

/** One sample of an instant vector from the query API. */
export interface PrometheusSample {
  metric: Record<string, string>;
  value: number;
}

export interface PrometheusServer {
  address: string;
  port: number;
  /** http://address:port */
  url: string;
  dir: string;
  configPath: string;
  pid: number;
  /** an instant query through /api/v1/query; a failed query rejects with FD_ERR_LAB and Prometheus's error */
  query(expr: string): Promise<PrometheusSample[]>;
  /**
   * Queries until the result satisfies `accept` (default: not empty), for at most `timeoutMs`
   * (default 20 s); rejects with FD_ERR_LAB naming the last result and each target's last scrape error.
   */
  waitFor(
    expr: string,
    options?: { timeoutMs?: number; accept?: (samples: PrometheusSample[]) => boolean },
  ): Promise<PrometheusSample[]>;
  /** each scrape target's URL, health and last error (/api/v1/targets), to explain a wait that failed */
  describeTargets(): Promise<string>;
  output(): string;
  /** SIGTERM (then SIGKILL), waits for the exit, removes config and storage */
  stop(): Promise<void>;
}

/** The whole prometheus.yml: JSON is YAML, so no YAML writer is needed. */
export function renderPrometheusConfig(
  options: Pick<PrometheusOptions, 'scrapeConfigs' | 'scrapeInterval'>,
): string {
  const interval = options.scrapeInterval ?? '1s';
  return `${JSON.stringify(
    {
      global: { scrape_interval: interval, scrape_timeout: interval },
      scrape_configs: options.scrapeConfigs,
    },
    null,
    2,
  )}\n`;
}

/**
 * Runs Debian's real Prometheus on a loopback address with a generated configuration and a temporary
 * storage directory, and waits until `/-/ready` answers 200. Everything it wrote goes with stop(), or with
 * the process registry if the test process dies first.
 * @example const prometheus = await startPrometheus({ scrapeConfigs: [{ job_name: 'fd', static_configs: [{ targets: ['127.0.0.9:9470'] }] }] });
 *   await prometheus.waitFor('up{job="fd"} == 1');
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const binary = options.prometheus ?? findBinary('prometheus');
  if (binary === undefined) throw new FrontdoorError('FD_ERR_LAB', 'prometheus is not installed');
  const registry = options.registry ?? labRegistry;
  const address = options.address ?? allocateLoopbackAddress();
  const port = options.port ?? (await findFreePort(address));
  const endpoint = { kind: 'tcp', host: address, port } as const;
  const url = `http://${formatHostPort(address, port)}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-prometheus-'));
  const forgetDir = registry.trackPath(dir);
  const configPath = join(dir, 'prometheus.yml');
  const storage = join(dir, 'data');
  let running: LabProcess | undefined;
  try {
    await mkdir(storage);
    await writeFile(configPath, renderPrometheusConfig(options));
    await assertEndpointsFree('prometheus', [endpoint]);
    running = await startLabProcess(
      binary,
      [
        `--config.file=${configPath}`,
        `--storage.tsdb.path=${storage}`,
        `--web.listen-address=${formatHostPort(address, port)}`,
        // The packaged defaults point at /etc/prometheus and /usr/share; nothing here needs them.
        `--web.console.templates=${dir}`,
        `--web.console.libraries=${dir}`,
        '--log.level=warn',
      ],
      registry,
    );
    await waitForListen(running, 'prometheus', [endpoint], readyTimeoutMs);
    await waitForReadyUrl(running, 'prometheus', `${url}/-/ready`, readyTimeoutMs);
  } catch (error) {
    await running?.stop(['SIGTERM', 'SIGKILL'], 3000);
    await rm(dir, { recursive: true, force: true });
    forgetDir();
    throw error;
  }
  const server = running;

  const query = async (expr: string): Promise<PrometheusSample[]> => {
    const response = await fetchText(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const parsed = JSON.parse(response.body) as {
      status: string;
      error?: string;
      data?: {
        resultType: string;
        result: Array<{ metric: Record<string, string>; value: [number, string] }>;
      };
    };
    if (parsed.status !== 'success' || parsed.data === undefined) {
      throw new FrontdoorError('FD_ERR_LAB', `prometheus query ${expr}: ${parsed.error ?? response.body}`);
    }
    if (parsed.data.resultType !== 'vector') {
      throw new FrontdoorError(
        'FD_ERR_LAB',
        `prometheus query ${expr}: a ${parsed.data.resultType}, not a vector`,
      );
    }
    return parsed.data.result.map((sample) => ({ metric: sample.metric, value: Number(sample.value[1]) }));
  };

  const describeTargets = async (): Promise<string> => {
    const response = await fetchText(`${url}/api/v1/targets`);
    const parsed = JSON.parse(response.body) as {
      data?: { activeTargets?: Array<{ scrapeUrl: string; health: string; lastError: string }> };
    };
    return (parsed.data?.activeTargets ?? [])
      .map(
        (target) =>
          `${target.scrapeUrl}: ${target.health}${target.lastError === '' ? '' : ` (${target.lastError})`}`,
      )
      .join('; ');
  };

  const waitFor: PrometheusServer['waitFor'] = async (expr, waitOptions = {}) => {
    const accept = waitOptions.accept ?? ((samples) => samples.length > 0);
    const deadline = Date.now() + (waitOptions.timeoutMs ?? 20_000);
    let last: PrometheusSample[] = [];
    for (;;) {
      last = await query(expr);
      if (accept(last)) return last;
      if (Date.now() > deadline) {
        throw new FrontdoorError(
          'FD_ERR_LAB',
          `prometheus: ${expr} gave ${JSON.stringify(last)}; targets: ${await describeTargets()}`,
        );
      }
      await sleep(200);
    }
  };

  return {
    address,
    port,
    url,
    dir,
    configPath,
    pid: server.pid,
    query,
    waitFor,
    describeTargets,
    output: () => server.output(),
    async stop() {
      await server.stop(['SIGTERM', 'SIGKILL'], 5000);
      await rm(dir, { recursive: true, force: true });
      forgetDir();
    },
  };
}
