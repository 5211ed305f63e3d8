import { createTlsSettings } from '../dist/probe/tls-settings.js';
import { probeBareTls } from './bare-tls-loop.js';
import { parseBenchOptions } from './bench-options.js';
import { startBenchServer } from './bench-server.js';
import { BLACKBOX_BINARY, isBlackboxInstalled, startBlackboxExporter } from './blackbox-exporter.js';
import { createCleanupStack, stopOnSignals } from './cleanup-stack.js';
import { comparePhaseTimings } from './compare-phases.js';
import { runFleetBench } from './fleet.js';
import { createFrontdoorProbe } from './frontdoor-probe.js';
import { readOwnCpuMs, readOwnMemory, readProcessMemory, runRotatingRounds } from './measure-contender.js';
import { readClockTicks, readProcessCpuMs, readProcessTreeCpuMs } from './proc-cpu.js';
import { renderPhaseTable, renderRatioTable, renderThroughputTable } from './render-bench-table.js';
import { renderFleetGoals, renderFleetTable, summarizeFleet } from './render-fleet-table.js';
import { median } from './stats.js';
import { isTimeInstalled, TIME_BINARY } from './time-command.js';

/**
 * `npm run bench`: frontdoor's probe against blackbox_exporter and a bare node:tls loop on the same local
 * nginx (full TLS handshake per probe, loopback only), plus frontdoor's phase timings against curl's.
 * Figures are printed, never asserted.
 */
async function main() {
  const options = parseBenchOptions(process.argv.slice(2));
  const cleanup = createCleanupStack();
  stopOnSignals(cleanup);
  try {
    if (options.only !== 'fleet') await runBench(options, cleanup);
    if (options.only !== 'loop') await runFleet(options, cleanup);
  } finally {
    await cleanup.runAll();
  }
}

/**
 * The real command end to end on fleet-sized configurations, beside blackbox_exporter (fleet.js).
 * @param {import('./bench-options.js').BenchOptions} options
 * @param {ReturnType<typeof createCleanupStack>} cleanup
 */
async function runFleet(options, cleanup) {
  if (!(await isTimeInstalled())) {
    console.log(`\nfleet runs: ${TIME_BINARY} not installed, skipped (apt-get install time)`);
    return;
  }
  const blackboxInstalled = await isBlackboxInstalled();
  console.log(
    `\nfrontdoor check -c, the whole command as installed (dist/bin), process start to exit, on generated ` +
      `configurations against one local nginx (TLS, one wildcard certificate, fresh connection per probe): one ` +
      `site (edge + origin), 3,000 sites (each through one resolve map and pinned to the origin: 6,000 targets), ` +
      `5,000 and 10,000 distinct hostnames through one resolve map; blackbox_exporter asked for as many probes ` +
      `at the same concurrency (${options.concurrency}), in turn; ${options.fleetRounds} round(s); medians\n`,
  );
  const runs = await runFleetBench({ ...options, blackboxInstalled }, cleanup, (line) =>
    process.stderr.write(`${line}\n`),
  );
  const summaries = summarizeFleet(runs);
  console.log(`\n${renderFleetTable(summaries)}`);
  console.log(
    '(CPU: user + system of the whole frontdoor process from GNU time, startup and exit included; of the ' +
      "exporter process from /proc during its run, not counting the driver's HTTP requests to it. Peak RSS: " +
      "GNU time's maximum for frontdoor, VmHWM since start for the exporter)\n",
  );
  console.log(renderFleetGoals(summaries, runs));
}

/**
 * @param {import('./bench-options.js').BenchOptions} options
 * @param {ReturnType<typeof createCleanupStack>} cleanup
 */
async function runBench(options, cleanup) {
  const server = await startBenchServer(cleanup);
  const tls = await createTlsSettings({ caFiles: [server.caCertPath] });
  const clockTicks = readClockTicks();
  const readServerCpuMs = () => readProcessTreeCpuMs(server.nginxPid, clockTicks);
  const frontdoor = createFrontdoorProbe(server, tls);

  /** @type {import('./measure-contender.js').Contender[]} */
  const contenders = [
    {
      name: 'frontdoor',
      probeOnce: frontdoor.probeOnce,
      readCpuMs: readOwnCpuMs,
      readMemory: readOwnMemory,
    },
    {
      name: 'bare node:tls loop',
      probeOnce: () => probeBareTls(server, tls.secureContext),
      readCpuMs: readOwnCpuMs,
      readMemory: readOwnMemory,
    },
  ];
  if (await isBlackboxInstalled()) {
    const exporter = await startBlackboxExporter(server, options.concurrency, cleanup);
    contenders.push({
      name: 'blackbox_exporter',
      probeOnce: exporter.probeOnce,
      readCpuMs: () => readProcessCpuMs(exporter.pid, clockTicks),
      readMemory: () => readProcessMemory(exporter.pid),
    });
  } else {
    console.log(
      `blackbox_exporter: ${BLACKBOX_BINARY} not installed, skipped (apt-get install prometheus-blackbox-exporter)`,
    );
  }

  console.log(
    `frontdoor bench: nginx 'return 200' over TLS at ${server.address}:${server.port} (${server.hostname}), ` +
      'fresh connection and full handshake per probe (no session cache, no tickets, no keep-alive)',
  );
  console.log(
    `concurrency ${options.concurrency}, ${options.rounds} round(s) of up to ${options.count} probes or ` +
      `${options.durationMs / 1000} s per contender, ${options.warmup} warm-up probes each; ` +
      'probes/s and CPU are medians over rounds\n',
  );

  const rounds = await runRotatingRounds(contenders, options, readServerCpuMs);

  const summaries = contenders.map((c) => summarize(c.name, rounds.get(c.name) ?? []));
  const frontdoorRounds = rounds.get('frontdoor') ?? [];
  const ratios = {
    versusBlackbox: medianRatio(frontdoorRounds, rounds.get('blackbox_exporter') ?? []),
    versusBare: medianRatio(frontdoorRounds, rounds.get('bare node:tls loop') ?? []),
  };

  const comparison = await comparePhaseTimings(frontdoor, server, options.curlRuns);

  console.log(`\n${renderThroughputTable(summaries)}`);
  console.log(
    '(CPU: this process for frontdoor and the bare loop, /proc/PID/stat for the exporter; RSS grows in steps ' +
      'while malloc arenas settle, then plateaus: heap after a full GC is the leak indicator)\n',
  );
  console.log(`${renderRatioTable(ratios)}\n`);
  console.log(renderPhaseTable(comparison.phases, options.curlRuns));
  console.log(
    '(curl: connect = time_connect - time_namelookup, tls = time_appconnect - time_connect, ' +
      'first byte = time_starttransfer - time_appconnect;\n' +
      ` curl builds a new OpenSSL context inside each TLS interval, frontdoor one per CA set before probing:` +
      ` ${comparison.contextBuildMs.toFixed(3)} ms here)`,
  );
  if (comparison.frontdoorFailed > 0)
    console.log(`${comparison.frontdoorFailed} frontdoor timing probes failed`);
  const failed = summaries.filter((s) => s.failed > 0);
  for (const s of failed) console.log(`${s.name}: ${s.failed} probes failed, first: ${s.firstFailure}`);
}

/**
 * CPU per probe of `ours` over `theirs`, round by round, then the median. Contenders of one round run back
 * to back, so a busy spell on a shared machine inflates both sides of a round's ratio alike.
 * @param {import('./measure-contender.js').RoundResult[]} ours
 * @param {import('./measure-contender.js').RoundResult[]} theirs
 */
function medianRatio(ours, theirs) {
  const ratios = [];
  for (const [i, mine] of ours.entries()) {
    const other = theirs[i];
    if (other !== undefined) ratios.push(mine.cpuMs / mine.probes / (other.cpuMs / other.probes));
  }
  return median(ratios);
}

/**
 * @param {string} name
 * @param {import('./measure-contender.js').RoundResult[]} results
 * @returns {import('./render-bench-table.js').ContenderSummary}
 */
function summarize(name, results) {
  const probes = results.reduce((sum, r) => sum + r.probes, 0);
  const cpuPerProbe = results.map((r) => r.cpuMs / r.probes);
  const rssDelta = results.reduce((sum, r) => sum + r.rssDeltaBytes, 0);
  const heapDelta = results.reduce((sum, r) => sum + r.heapDeltaBytes, 0);
  return {
    name,
    probes,
    failed: results.reduce((sum, r) => sum + r.failed, 0),
    firstFailure: results.find((r) => r.firstFailure !== undefined)?.firstFailure,
    probesPerSecond: median(results.map((r) => (r.probes * 1000) / r.elapsedMs)),
    cpuPerProbeMs: median(cpuPerProbe),
    cpuPerProbeMinMs: Math.min(...cpuPerProbe),
    cpuPerProbeMaxMs: Math.max(...cpuPerProbe),
    serverCpuPerProbeMs: median(results.map((r) => r.serverCpuMs / r.probes)),
    rssPer1000Bytes: probes === 0 ? Number.NaN : (rssDelta / probes) * 1000,
    heapPer1000Bytes: probes === 0 ? Number.NaN : (heapDelta / probes) * 1000,
  };
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
