import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUTS } from '../dist/probe/probe-options.js';
import { runProbe } from '../dist/probe/run-probe.js';
import { createTlsSettings } from '../dist/probe/tls-settings.js';
import { parseBenchOptions } from './bench-options.js';
import { startBenchServer } from './bench-server.js';
import { BLACKBOX_BINARY, isBlackboxInstalled, startBlackboxExporter } from './blackbox-exporter.js';
import { runWithCleanup } from './cleanup-stack.js';
import { describeOutcome } from './frontdoor-probe.js';
import { readOwnCpuMs, readOwnMemory, readProcessMemory, runRotatingRounds } from './measure-contender.js';
import { readClockTicks, readProcessCpuMs, readProcessTreeCpuMs } from './proc-cpu.js';
import { renderThroughputTable } from './render-bench-table.js';
import { median } from './stats.js';

/**
 * `npm run bench:http2`: CPU per probe when frontdoor speaks HTTP/2 (ALPN h2 on a fresh connection and
 * full handshake per probe, one stream), beside blackbox_exporter with enable_http2 on the same nginx and
 * beside frontdoor forced to HTTP/1.1 there. Every probe must answer in the version it is counted for.
 * Figures are printed, never asserted. Takes `npm run bench`'s flags (--curl-runs is ignored).
 */
async function main() {
  const options = parseBenchOptions(process.argv.slice(2));
  await runWithCleanup((cleanup) => runBench(options, cleanup));
}

/**
 * frontdoor's runProbe with the product's defaults, offering `http`; a probe counts only when it answered
 * 200 in `version`.
 * @param {import('./bench-server.js').BenchServer} server
 * @param {import('../src/probe/tls-settings.js').TlsSettings} tls
 * @param {import('../src/probe/http-offer.js').HttpOffer} http
 * @param {string} version
 */
function createProbe(server, tls, http, version) {
  /** @type {import('../src/probe/observation.js').ProbeRequest} */
  const request = { url: server.url, resolve: { [server.hostname]: server.address }, http };
  /** @type {import('../src/probe/probe-options.js').ProbeOptions} */
  const options = { timeouts: DEFAULT_TIMEOUTS, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, follow: 0, tls };
  return async () => {
    const observation = await runProbe(request, options);
    const outcome = describeOutcome(observation);
    if (outcome !== true) return outcome;
    const spoken = observation.http?.httpVersion;
    return spoken === version ? true : `answered in HTTP/${spoken}, counted for HTTP/${version}`;
  };
}

/**
 * @param {import('./bench-options.js').BenchOptions} options
 * @param {ReturnType<typeof import('./cleanup-stack.js').createCleanupStack>} cleanup
 */
async function runBench(options, cleanup) {
  const server = await startBenchServer(cleanup, { http2: true });
  const tls = await createTlsSettings({ caFiles: [server.caCertPath] });
  const clockTicks = readClockTicks();
  const readServerCpuMs = () => readProcessTreeCpuMs(server.nginxPid, clockTicks);

  /** @type {import('./measure-contender.js').Contender[]} */
  const contenders = [
    {
      name: 'frontdoor h2',
      probeOnce: createProbe(server, tls, ['h2', 'h1'], '2.0'),
      readCpuMs: readOwnCpuMs,
      readMemory: readOwnMemory,
    },
    {
      name: 'frontdoor http/1.1',
      probeOnce: createProbe(server, tls, ['h1'], '1.1'),
      readCpuMs: readOwnCpuMs,
      readMemory: readOwnMemory,
    },
  ];
  if (await isBlackboxInstalled()) {
    const exporter = await startBlackboxExporter(server, options.concurrency, cleanup, { http2: true });
    contenders.push({
      name: 'blackbox_exporter h2',
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
    `frontdoor HTTP/2 bench: nginx 'return 200' with 'listen ssl http2' at ${server.address}:${server.port} ` +
      `(${server.hostname}), fresh connection, full handshake and one request per probe`,
  );
  console.log(
    `concurrency ${options.concurrency}, ${options.rounds} round(s) of up to ${options.count} probes or ` +
      `${options.durationMs / 1000} s per contender, ${options.warmup} warm-up probes each; ` +
      'probes/s and CPU are medians over rounds\n',
  );

  const rounds = await runRotatingRounds(contenders, options, readServerCpuMs);

  const summaries = contenders.map((c) => summarize(c.name, rounds.get(c.name) ?? []));
  console.log(`\n${renderThroughputTable(summaries)}`);
  console.log('(CPU: this process for frontdoor, /proc/PID/stat for the exporter)\n');
  const h2 = rounds.get('frontdoor h2') ?? [];
  const versusBlackbox = medianRatio(h2, rounds.get('blackbox_exporter h2') ?? []);
  const versusHttp1 = medianRatio(h2, rounds.get('frontdoor http/1.1') ?? []);
  console.log(`CPU per probe, frontdoor h2 / blackbox_exporter h2: ${formatRatio(versusBlackbox)}`);
  console.log(`CPU per probe, frontdoor h2 / frontdoor http/1.1:   ${formatRatio(versusHttp1)}`);
  for (const s of summaries.filter((each) => each.failed > 0)) {
    console.log(`${s.name}: ${s.failed} probes failed, first: ${s.firstFailure}`);
  }
}

/** @param {number} ratio */
function formatRatio(ratio) {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)} (median of per-round ratios)` : 'n/a';
}

/**
 * CPU per probe of `ours` over `theirs`, round by round, then the median (see run.js).
 * @param {import('./measure-contender.js').RoundResult[]} ours
 * @param {import('./measure-contender.js').RoundResult[]} theirs
 */
function medianRatio(ours, theirs) {
  const ratios = [];
  for (const [i, mine] of ours.entries()) {
    const other = theirs[i];
    if (other !== undefined && mine.probes > 0 && other.probes > 0) {
      ratios.push(mine.cpuMs / mine.probes / (other.cpuMs / other.probes));
    }
  }
  return ratios.length === 0 ? Number.NaN : median(ratios);
}

/**
 * @param {string} name
 * @param {import('./measure-contender.js').RoundResult[]} results
 * @returns {import('./render-bench-table.js').ContenderSummary}
 */
function summarize(name, results) {
  const probes = results.reduce((sum, r) => sum + r.probes, 0);
  const cpuPerProbe = results.map((r) => r.cpuMs / r.probes);
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
    rssPer1000Bytes:
      probes === 0 ? Number.NaN : (results.reduce((s, r) => s + r.rssDeltaBytes, 0) / probes) * 1000,
    heapPer1000Bytes:
      probes === 0 ? Number.NaN : (results.reduce((s, r) => s + r.heapDeltaBytes, 0) / probes) * 1000,
  };
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
