import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBlackboxExporter } from './blackbox-exporter.js';
import { driveConcurrent } from './drive-concurrent.js';
import { writeFleetConfig } from './fleet-config.js';
import { startFleetServer } from './fleet-server.js';
import { readClockTicks, readProcessCpuMs, readProcessTreeCpuMs } from './proc-cpu.js';
import { runTimed } from './time-command.js';

const CLI = fileURLToPath(new URL('../dist/bin/frontdoor.js', import.meta.url));

/**
 * @typedef {object} FleetRun one contender's run of one scenario
 * @property {string} scenario
 * @property {'frontdoor' | 'blackbox_exporter'} contender
 * @property {number} round
 * @property {number} probes targets probed (frontdoor: the command's own count line)
 * @property {number} failed
 * @property {number} wallMs
 * @property {number} cpuMs the prober's CPU: frontdoor's whole process, start to exit; the exporter's during the run
 * @property {number} peakRssBytes frontdoor: the process's peak; exporter: its peak since it started
 * @property {number} serverCpuMs nginx's CPU during the run
 */

/**
 * @typedef {object} FleetScenario
 * @property {string} name
 * @property {number} sites
 * @property {boolean} pinned every site also probed pinned to the origin (two targets a site)
 * @property {boolean} blackbox whether blackbox_exporter runs the same number of probes beside it
 * @property {number} [minRounds] at least this many rounds (a short run's figures are the noisiest)
 */

/** @type {FleetScenario[]} */
export const FLEET_SCENARIOS = [
  { name: 'one site', sites: 1, pinned: true, blackbox: false, minRounds: 5 },
  { name: '3,000 sites', sites: 3000, pinned: true, blackbox: true },
  { name: '5,000 hostnames', sites: 5000, pinned: false, blackbox: false },
  { name: '10,000 hostnames', sites: 10_000, pinned: false, blackbox: true },
];

/**
 * The real command end to end, as an installed user runs it (`frontdoor check -c FILE`, the bundled bin,
 * process start to exit, GNU time's account of its CPU and peak RSS), on generated fleet configurations
 * against one local nginx, with blackbox_exporter asked for the same number of probes at the same
 * concurrency in turn. Rounds alternate the contenders so a busy spell on a shared machine hits both.
 * @param {{ concurrency: number; fleetRounds: number; blackboxInstalled: boolean }} options
 * @param {{ push: (label: string, stop: () => Promise<void> | void) => void }} cleanup
 * @param {(line: string) => void} progress
 * @returns {Promise<FleetRun[]>}
 */
export async function runFleetBench(options, cleanup, progress) {
  const server = await startFleetServer(cleanup);
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-bench-fleet-'));
  cleanup.push('fleet configurations', () => rm(dir, { recursive: true, force: true }));
  const clockTicks = readClockTicks();
  const readServerCpuMs = () => readProcessTreeCpuMs(server.nginxPid, clockTicks);
  const exporter = options.blackboxInstalled
    ? await startBlackboxExporter(server, options.concurrency, cleanup)
    : undefined;

  /** @type {FleetRun[]} */
  const runs = [];
  for (const scenario of FLEET_SCENARIOS) {
    const config = await writeFleetConfig(dir, server, {
      name: `fleet-${scenario.sites}-${scenario.pinned ? 'pinned' : 'edge'}`,
      sites: scenario.sites,
      pinned: scenario.pinned,
    });
    const rounds = Math.max(options.fleetRounds, scenario.minRounds ?? 0);
    for (let round = 1; round <= rounds; round += 1) {
      const frontdoorFirst = round % 2 === 1;
      const order = frontdoorFirst ? ['frontdoor', 'blackbox_exporter'] : ['blackbox_exporter', 'frontdoor'];
      for (const contender of order) {
        if (contender === 'blackbox_exporter' && (exporter === undefined || !scenario.blackbox)) continue;
        const run =
          contender === 'frontdoor'
            ? await runFrontdoor(config, options.concurrency, readServerCpuMs)
            : await runBlackbox(exporter, config.targets, options.concurrency, clockTicks, readServerCpuMs);
        runs.push({ scenario: scenario.name, round, ...run });
        progress(
          `  ${scenario.name} round ${round} ${run.contender}: ${run.probes} probes in ${(run.wallMs / 1000).toFixed(2)} s, ` +
            `${(run.cpuMs / 1000).toFixed(2)} s CPU, peak RSS ${(run.peakRssBytes / 1048576).toFixed(0)} MiB` +
            `${run.failed > 0 ? `, ${run.failed} failed` : ''}`,
        );
      }
    }
  }
  return runs;
}

/**
 * @param {{ path: string; targets: number }} config
 * @param {number} concurrency
 * @param {() => number} readServerCpuMs
 * @returns {Promise<Omit<FleetRun, 'scenario' | 'round'>>}
 */
async function runFrontdoor(config, concurrency, readServerCpuMs) {
  const serverBefore = readServerCpuMs();
  const timed = await runTimed([
    process.execPath,
    CLI,
    'check',
    '-c',
    config.path,
    '--concurrency',
    String(concurrency),
  ]);
  const serverCpuMs = readServerCpuMs() - serverBefore;
  // The table's last line: "6000 targets: 6000 ok, 0 failed".
  const count = /^(\d+) targets?: (\d+) ok, (\d+) failed$/m.exec(
    timed.stdout.trimEnd().split('\n').at(-1) ?? '',
  );
  const probes = count === null ? 0 : Number(count[1]);
  const failed = count === null ? config.targets : Number(count[3]) + Math.max(0, config.targets - probes);
  if (count === null) {
    throw new Error(
      `frontdoor check -c ${config.path} exited ${timed.exitCode}: ${timed.stderr.slice(0, 500)}`,
    );
  }
  return {
    contender: 'frontdoor',
    probes,
    failed,
    wallMs: timed.wallMs,
    cpuMs: timed.cpuMs,
    peakRssBytes: timed.maxRssBytes,
    serverCpuMs,
  };
}

/**
 * @param {import('./blackbox-exporter.js').BlackboxExporter | undefined} exporter
 * @param {number} count
 * @param {number} concurrency
 * @param {number} clockTicks
 * @param {() => number} readServerCpuMs
 * @returns {Promise<Omit<FleetRun, 'scenario' | 'round'>>}
 */
async function runBlackbox(exporter, count, concurrency, clockTicks, readServerCpuMs) {
  if (exporter === undefined) throw new Error('blackbox_exporter is not running');
  const serverBefore = readServerCpuMs();
  const cpuBefore = readProcessCpuMs(exporter.pid, clockTicks);
  const driven = await driveConcurrent({ count, durationMs: 600_000, concurrency }, exporter.probeOnce);
  return {
    contender: 'blackbox_exporter',
    probes: driven.probes,
    failed: driven.failed,
    wallMs: driven.elapsedMs,
    cpuMs: readProcessCpuMs(exporter.pid, clockTicks) - cpuBefore,
    peakRssBytes: exporter.readPeakRssBytes(),
    serverCpuMs: readServerCpuMs() - serverBefore,
  };
}
