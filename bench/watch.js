import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { startBenchServer } from './bench-server.js';
import { BLACKBOX_BINARY, isBlackboxInstalled, startBlackboxExporter } from './blackbox-exporter.js';
import { runWithCleanup } from './cleanup-stack.js';
import { driveConcurrent } from './drive-concurrent.js';
import { drivePaced } from './drive-paced.js';
import { readClockTicks, readMainThreadCpuMs, readProcessCpuMs } from './proc-cpu.js';
import { readBenchOptions } from './read-bench-options.js';
import { startServe } from './start-serve.js';
import { renderWatchFleetConfig } from './watch-fleet-config.js';

const USAGE = `usage: npm run bench:watch -- [--targets N] [--interval SECONDS] [--duration SECONDS]
                             [--sample SECONDS] [--blackbox-probes N] [--node-arg ARG]... [--serve-log FILE]
  defaults: 10000 targets (burst 1) every 30 s for 300 s; blackbox_exporter driven for 6000 probes
  at the watch's pace (targets / interval a second) before the watch and 6000 after it, then 6000 flat out
  --node-arg passes a flag to serve's node, e.g. --node-arg=--cpu-prof --node-arg=--cpu-prof-dir=/tmp/prof;
  --serve-log FILE keeps serve's whole stdout and stderr there (with --node-arg=--trace-gc: every collection)`;

function readOptions(argv) {
  const { values, bounded } = readBenchOptions('bench:watch', USAGE, argv, {
    targets: { type: 'string', default: '10000' },
    interval: { type: 'string', default: '30' },
    duration: { type: 'string', default: '300' },
    sample: { type: 'string', default: '10' },
    'blackbox-probes': { type: 'string', default: '6000' },
    'node-arg': { type: 'string', multiple: true, default: [] },
    'serve-log': { type: 'string' },
  });
  return {
    targets: bounded('targets', 50_000),
    intervalS: bounded('interval', 3600),
    durationS: bounded('duration', 3600),
    sampleS: bounded('sample', 600),
    blackboxProbes: bounded('blackbox-probes', 100_000),
    nodeArgs: values['node-arg'],
    serveLog: values['serve-log'],
  };
}

function readRssMb(pid) {
  return import('node:fs').then(({ readFileSync }) => {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? Number.NaN : Number(match[1]) / 1024;
  });
}

async function readStatus(url) {
  const response = await fetch(`${url}/api/v1/status`);
  return response.json();
}

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  await runWithCleanup((cleanup) => runBench(options, cleanup));
}

async function runBench(options, cleanup) {
  const ticks = readClockTicks();
  const server = await startBenchServer(cleanup);
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-bench-watch-'));
  cleanup.push('bench dir', () => rm(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'frontdoor.yaml');
  await writeFile(configPath, renderWatchFleetConfig(server, options));
  const storePath = join(dir, 'bench.db');
  process.stdout.write(
    `bench:watch: ${options.targets} targets (burst 1) every ${options.intervalS} s for ${options.durationS} s ` +
      `against nginx on ${server.address}:${server.port}\n`,
  );
  // The exporter at the watch's pace is measured before the watch and again after it, and the two averaged:
  // on a shared machine either figure alone drifts with whatever else ran meanwhile.
  const exporter = (await isBlackboxInstalled())
    ? await startBlackboxExporter(server, 16, cleanup)
    : undefined;
  const ratePerS = options.targets / options.intervalS;
  const measureExporter = async (drive) => {
    if (exporter === undefined) throw new Error('blackbox_exporter is not running');
    const before = readProcessCpuMs(exporter.pid, ticks);
    const result = await drive(exporter.probeOnce);
    return { ...result, cpuMs: (readProcessCpuMs(exporter.pid, ticks) - before) / result.probes };
  };
  const drivePacedExporter = () =>
    measureExporter((probeOnce) => drivePaced({ count: options.blackboxProbes, ratePerS }, probeOnce));
  let pacedBefore;
  if (exporter !== undefined) {
    await driveConcurrent({ count: 1000, durationMs: 60_000, concurrency: 16 }, exporter.probeOnce);
    // The watch's own load: the same probes a second, spread evenly, as Prometheus would ask for them.
    pacedBefore = await drivePacedExporter();
  }

  let warnings = 0;
  const { child, url, exited } = await startServe({
    args: ['-c', configPath, '--store', `sqlite:${storePath}`],
    cleanup,
    nodeArgs: options.nodeArgs,
    ...(options.serveLog === undefined ? {} : { logPath: options.serveLog }),
    onStdout: (chunk) => {
      warnings += (chunk.match(/"level":40/g) ?? []).length;
    },
  });

  const startedAt = Date.now();
  const steadyFromS = Math.min(60, Math.floor(options.durationS / 3));
  const samples = [];
  let steady;
  process.stdout.write('   t(s)   RSS(MB)  rounds   lag p50/p99 (ms, last min)  missed  queued  stored\n');
  for (;;) {
    await sleep(options.sampleS * 1000);
    const elapsedS = (Date.now() - startedAt) / 1000;
    const status = await readStatus(url);
    const sample = {
      elapsedS,
      rssMb: await readRssMb(child.pid),
      cpuMs: readProcessCpuMs(child.pid, ticks),
      mainCpuMs: readMainThreadCpuMs(child.pid, ticks),
      rounds: status.scheduler.rounds,
      lag: status.scheduler.lag,
      missed: status.scheduler.missedRounds,
      queued: status.store.queuedRounds,
      stored: status.store.writtenRounds,
    };
    samples.push(sample);
    if (steady === undefined && elapsedS >= steadyFromS) steady = sample;
    process.stdout.write(
      `${elapsedS.toFixed(0).padStart(7)} ${sample.rssMb.toFixed(1).padStart(9)} ${String(sample.rounds).padStart(7)}   ` +
        `${sample.lag.p50Ms.toFixed(1).padStart(8)} / ${sample.lag.p99Ms.toFixed(1).padEnd(16)} ${String(sample.missed).padStart(6)} ` +
        `${String(sample.queued).padStart(7)} ${String(sample.stored).padStart(7)}\n`,
    );
    if (elapsedS >= options.durationS) break;
  }
  const last = samples.at(-1);
  child.kill('SIGTERM');
  const code = await exited;

  const db = new Database(storePath);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const storedRounds = db.prepare('SELECT count(*) AS n FROM rounds').get().n;
  db.close();
  const bytes = (await stat(storePath)).size;
  const roundsPerDay = (options.targets * 86_400) / options.intervalS;
  const watchCpuPerProbe =
    steady === undefined || last === undefined || last.rounds === steady.rounds
      ? Number.NaN
      : (last.cpuMs - steady.cpuMs) / (last.rounds - steady.rounds);
  const mainShare =
    steady === undefined || last === undefined || last.cpuMs === steady.cpuMs
      ? Number.NaN
      : (last.mainCpuMs - steady.mainCpuMs) / (last.cpuMs - steady.cpuMs);
  const p50s = samples.map((sample) => sample.lag.p50Ms).sort((a, b) => a - b);
  const p99s = samples.map((sample) => sample.lag.p99Ms).sort((a, b) => a - b);
  const steadyRss = samples.filter((sample) => sample.elapsedS >= steadyFromS).map((sample) => sample.rssMb);

  let blackbox = 'not installed (apt-get install prometheus-blackbox-exporter)';
  let ratio = '';
  if (pacedBefore !== undefined) {
    const pacedAfter = await drivePacedExporter();
    const flat = await measureExporter((probeOnce) =>
      driveConcurrent({ count: options.blackboxProbes, durationMs: 120_000, concurrency: 16 }, probeOnce),
    );
    const paced = (pacedBefore.cpuMs + pacedAfter.cpuMs) / 2;
    const failures = (result) =>
      result.failed === 0 ? '0 failed' : `${result.failed} failed, first: ${result.firstFailure}`;
    const count = options.blackboxProbes;
    blackbox =
      `${paced.toFixed(3)} ms CPU per probe at the watch's pace (${pacedBefore.cpuMs.toFixed(3)} before the watch, ` +
      `${pacedAfter.cpuMs.toFixed(3)} after; ${count} probes each at ${ratePerS.toFixed(0)}/s, ` +
      `${failures(pacedBefore)}, ${failures(pacedAfter)}); ` +
      `${flat.cpuMs.toFixed(3)} ms driven flat out (${count} probes, 16 at a time, ${failures(flat)}); ` +
      `after 1000 warm-up; ${BLACKBOX_BINARY}`;
    ratio =
      `\nwatch / blackbox_exporter at the same pace: ${(watchCpuPerProbe / paced).toFixed(2)}x (goal <= 0.7x); ` +
      `against it flat out: ${(watchCpuPerProbe / flat.cpuMs).toFixed(2)}x`;
  }

  const report = [
    '',
    `frontdoor serve exited ${code} on SIGTERM; ${warnings} warning lines in its log`,
    `scheduler lag (per ${options.sampleS} s sample, each over the last minute): p50 median ${percentile(p50s, 0.5).toFixed(1)} ms, ` +
      `p99 worst ${(p99s.at(-1) ?? Number.NaN).toFixed(1)} ms (goal p99 < 1000 ms)`,
    `missed rounds: ${last?.missed ?? 'n/a'} (goal 0); rounds started: ${last?.rounds ?? 'n/a'} ` +
      `(${((last?.rounds ?? 0) / (last?.elapsedS ?? 1)).toFixed(0)}/s, planned ${(options.targets / options.intervalS).toFixed(0)}/s)`,
    `RSS: ${samples.map((sample) => sample.rssMb.toFixed(0)).join(' ')} MB; after ${steadyFromS} s min ${Math.min(...steadyRss).toFixed(0)} max ${Math.max(...steadyRss).toFixed(0)} MB (goal < 300 MB, flat)`,
    `store: ${(bytes / 1_048_576).toFixed(1)} MB for ${storedRounds} rounds = ${(bytes / Math.max(1, storedRounds)).toFixed(0)} bytes a round ` +
      `(raw, rollups, indexes) = ${(((bytes / Math.max(1, storedRounds)) * roundsPerDay) / 1_073_741_824).toFixed(2)} GiB per day of raw results ` +
      `at ${roundsPerDay.toLocaleString('en')} rounds a day`,
    `watch CPU per probe (steady state, from ${steadyFromS} s): ${watchCpuPerProbe.toFixed(3)} ms (probe, diagnosis, scheduling, store), ${(mainShare * 100).toFixed(0)}% of it on the main thread`,
    `blackbox_exporter: ${blackbox}${ratio}`,
    '',
  ];
  process.stdout.write(report.join('\n'));
}

await main();
