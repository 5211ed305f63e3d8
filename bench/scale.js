import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { allocateLoopbackAddress, findFreePort } from '../dist/lab/loopback.js';
import { startPostgres } from '../dist/lab/postgres-server.js';
import { startBenchServer } from './bench-server.js';
import { runWithCleanup } from './cleanup-stack.js';
import { listChildPids, readClockTicks, readProcessCpuMs } from './proc-cpu.js';
import { readBenchOptions } from './read-bench-options.js';
import { renderWatchFleetConfig } from './watch-fleet-config.js';

const USAGE = `usage: npm run bench:scale -- [--targets N] [--locations N] [--interval SECONDS] [--duration SECONDS]
                             [--sample SECONDS] [--no-fsync]
  defaults: 10000 targets (burst 1), 3 locations, every 30 s, for 300 s, one PostgreSQL with fsync on`;

const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;
const LOCATIONS = ['ams', 'fra', 'nyc', 'sin', 'sfo'];

function readOptions(argv) {
  const { values, bounded } = readBenchOptions('bench:scale', USAGE, argv, {
    targets: { type: 'string', default: '10000' },
    locations: { type: 'string', default: '3' },
    interval: { type: 'string', default: '30' },
    duration: { type: 'string', default: '300' },
    sample: { type: 'string', default: '15' },
    'no-fsync': { type: 'boolean' },
  });
  return {
    targets: bounded('targets', 50_000),
    locations: bounded('locations', LOCATIONS.length),
    intervalS: bounded('interval', 3600),
    durationS: bounded('duration', 3600),
    sampleS: bounded('sample', 600),
    durable: values['no-fsync'] !== true,
  };
}

function readRssMb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? Number.NaN : Number(match[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** The machine's busy share since the previous reading, from /proc/stat's first line. */
function createMachineMeter() {
  const read = () => {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((sum, value) => sum + value, 0);
    return { idle, total };
  };
  const first = read();
  let previous = first;
  return {
    /** busy share of all cores since the last call */
    sample() {
      const now = read();
      const share = 1 - (now.idle - previous.idle) / Math.max(1, now.total - previous.total);
      previous = now;
      return share;
    },
    /** busy share since the start */
    overall() {
      const now = read();
      return 1 - (now.idle - first.idle) / Math.max(1, now.total - first.total);
    },
  };
}

function loadAverage() {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** CPU of the postmaster and every process under it (backends, checkpointer, WAL writer). */
function postgresCpuMs(pid, ticks) {
  let total = 0;
  const visit = (current) => {
    try {
      total += readProcessCpuMs(current, ticks);
    } catch {
      return;
    }
    for (const child of listChildPids(current)) visit(child);
  };
  visit(pid);
  return total;
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  await runWithCleanup((cleanup) => runBench(options, cleanup));
}

async function startNode(location, configPath, storeUrl, cleanup) {
  const listen = allocateLoopbackAddress();
  const port = await findFreePort(listen);
  const url = `http://${listen}:${port}`;
  const child = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '-c',
      configPath,
      '--store',
      storeUrl,
      '--location',
      location,
      '--listen',
      `${listen}:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const node = { location, url, child, warnings: 0, lastLines: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    node.lastLines = (node.lastLines + chunk).slice(-4000);
    node.warnings += (chunk.match(/"level":(40|50)/g) ?? []).length;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    node.lastLines = (node.lastLines + chunk).slice(-4000);
  });
  node.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  cleanup.push(`frontdoor serve --location ${location}`, async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([node.exited, sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return node;
}

async function readLease(node) {
  try {
    const response = await fetch(`${node.url}/api/v1/status`, { signal: AbortSignal.timeout(5_000) });
    return (await response.json()).lease;
  } catch {
    return undefined;
  }
}

/**
 * Kills the engine lease's holder with SIGKILL and polls the others until one holds it: the take-over time as
 * the nodes see it (their renewals and tries run every sixth of an interval), bounded by two intervals.
 */
async function measureTakeover(nodes, intervalS) {
  let holder;
  for (const node of nodes) if ((await readLease(node))?.held === true) holder = node;
  if (holder === undefined) return undefined;
  const killedAt = Date.now();
  holder.child.kill('SIGKILL');
  const others = nodes.filter((node) => node !== holder);
  while (Date.now() - killedAt < intervalS * 2000) {
    for (const node of others) {
      if ((await readLease(node))?.held === true)
        return { from: holder.location, to: node.location, ms: Date.now() - killedAt };
    }
    await sleep(100);
  }
  return { from: holder.location };
}

async function runBench(options, cleanup) {
  const ticks = readClockTicks();
  const machine = createMachineMeter();
  const loadBefore = loadAverage();
  const server = await startBenchServer(cleanup);
  const postgres = await startPostgres({ durable: options.durable });
  cleanup.push('postgres', () => postgres.stop());
  const storeUrl = await postgres.createDatabase('bench');
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-bench-scale-'));
  cleanup.push('bench dir', () => rm(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'frontdoor.yaml');
  await writeFile(configPath, renderWatchFleetConfig(server, options));
  const locations = LOCATIONS.slice(0, options.locations);

  process.stdout.write(
    `bench:scale: ${options.targets} targets (burst 1) every ${options.intervalS} s from ${locations.length} locations ` +
      `(${locations.join(', ')}) for ${options.durationS} s into one PostgreSQL (fsync ${options.durable ? 'on' : 'off'}) ` +
      `on ${postgres.address}:${postgres.port}; load average before: ${loadBefore}\n`,
  );
  const nodes = [];
  for (const location of locations) nodes.push(await startNode(location, configPath, storeUrl, cleanup));
  for (const node of nodes) {
    for (let ready = false; !ready; ) {
      if (node.child.exitCode !== null)
        throw new Error(`frontdoor serve ${node.location} exited: ${node.lastLines}`);
      ready = await fetch(`${node.url}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (!ready) await sleep(200);
    }
  }

  const countRounds = async () =>
    Number((await postgres.query('bench', 'SELECT count(*) AS n FROM rounds'))[0]?.n ?? 0);
  const startedAt = Date.now();
  const steadyFromS = Math.min(60, Math.floor(options.durationS / 3));
  const samples = [];
  let steady;
  process.stdout.write(
    '   t(s)  machine  load           stored/s  node: RSS(MB) lag p50/p99 (ms) missed queued  [engine lease]\n',
  );
  let previousStored = await countRounds();
  let previousAt = Date.now();
  for (;;) {
    await sleep(options.sampleS * 1000);
    const now = Date.now();
    const elapsedS = (now - startedAt) / 1000;
    const stored = await countRounds();
    const perSecond = (stored - previousStored) / ((now - previousAt) / 1000);
    previousStored = stored;
    previousAt = now;
    const perNode = [];
    for (const node of nodes) {
      const status = await (await fetch(`${node.url}/api/v1/status`)).json();
      perNode.push({
        location: node.location,
        rssMb: readRssMb(node.child.pid),
        cpuMs: readProcessCpuMs(node.child.pid, ticks),
        lag: status.scheduler.lag,
        missed: status.scheduler.missedRounds,
        rounds: status.scheduler.rounds,
        queued: status.store.queuedRounds,
        held: status.lease?.held === true,
      });
    }
    const sample = { elapsedS, stored, perSecond, busy: machine.sample(), load: loadAverage(), perNode };
    samples.push(sample);
    if (steady === undefined && elapsedS >= steadyFromS) steady = sample;
    const nodesText = perNode
      .map(
        (node) =>
          `${node.location}: ${node.rssMb.toFixed(0)} ${node.lag.p50Ms.toFixed(0)}/${node.lag.p99Ms.toFixed(0)} ${node.missed} ${node.queued}${node.held ? ' [lease]' : ''}`,
      )
      .join('  ');
    process.stdout.write(
      `${elapsedS.toFixed(0).padStart(7)}  ${(sample.busy * 100).toFixed(0).padStart(5)}%  ${sample.load.padEnd(14)} ${perSecond.toFixed(0).padStart(7)}   ${nodesText}\n`,
    );
    if (elapsedS >= options.durationS) break;
  }
  const last = samples.at(-1);
  const busyOverall = machine.overall();
  const pgCpuMs = postgresCpuMs(postgres.pid(), ticks);
  const size = await postgres.query(
    'bench',
    `SELECT pg_database_size('bench') AS database,
            pg_total_relation_size('rounds') AS rounds, pg_total_relation_size('batches') AS batches,
            pg_total_relation_size('rollup_minute') AS minute, pg_total_relation_size('rollup_hour') AS hour`,
  );
  const bytes = size[0];
  const takeover = await measureTakeover(nodes, options.intervalS);
  for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGTERM');
  const codes = await Promise.all(nodes.map((node) => node.exited));

  const storedRounds = last?.stored ?? 0;
  const roundsPerDay = (options.targets * locations.length * 86_400) / options.intervalS;
  const historyBytes =
    Number(bytes.rounds) + Number(bytes.batches) + Number(bytes.minute) + Number(bytes.hour);
  const perRound = historyBytes / Math.max(1, storedRounds);
  const steadyRates =
    steady === undefined || last === undefined || last === steady
      ? []
      : samples.filter((sample) => sample.elapsedS > steady.elapsedS).map((sample) => sample.perSecond);
  const rate =
    steady === undefined || last === undefined || last.elapsedS === steady.elapsedS
      ? Number.NaN
      : (last.stored - steady.stored) / (last.elapsedS - steady.elapsedS);
  const planned = (options.targets * locations.length) / options.intervalS;
  const lines = [
    '',
    `nodes exited ${codes.map((code) => code ?? 'killed').join(', ')} (SIGTERM, the lease holder SIGKILL); warning or error lines in their logs: ${nodes.map((node) => `${node.location} ${node.warnings}`).join(', ')}`,
    `machine: ${(busyOverall * 100).toFixed(0)}% of 2 cores busy over the run (everything on it, colleagues included); load average before ${loadBefore}, after ${loadAverage()}`,
    `rounds stored per second (steady state, from ${steadyFromS} s): ${rate.toFixed(0)} (planned ${planned.toFixed(0)}; per sample min ${Math.min(...steadyRates).toFixed(0)} max ${Math.max(...steadyRates).toFixed(0)})`,
  ];
  for (const node of nodes) {
    const series = samples.map((sample) => sample.perNode.find((entry) => entry.location === node.location));
    const steadyNode = steady?.perNode.find((entry) => entry.location === node.location);
    const lastNode = series.at(-1);
    const p50s = series.map((entry) => entry.lag.p50Ms).sort((a, b) => a - b);
    const p99s = series.map((entry) => entry.lag.p99Ms).sort((a, b) => a - b);
    const rss = series
      .filter((_, index) => samples[index].elapsedS >= steadyFromS)
      .map((entry) => entry.rssMb);
    const cpu =
      steadyNode === undefined || lastNode === undefined || lastNode.rounds === steadyNode.rounds
        ? Number.NaN
        : (lastNode.cpuMs - steadyNode.cpuMs) / (lastNode.rounds - steadyNode.rounds);
    lines.push(
      `node ${node.location}: scheduler lag p50 median ${percentile(p50s, 0.5).toFixed(1)} ms, p99 worst ${(p99s.at(-1) ?? Number.NaN).toFixed(1)} ms; ` +
        `missed ${lastNode?.missed ?? 'n/a'}; RSS ${Math.min(...rss).toFixed(0)}-${Math.max(...rss).toFixed(0)} MB; ` +
        `CPU ${cpu.toFixed(3)} ms per probe${series.some((entry) => entry.held) ? '; held the engine lease' : ''}`,
    );
  }
  lines.push(
    `PostgreSQL: database ${(Number(bytes.database) / 1_048_576).toFixed(1)} MB; history tables ${(historyBytes / 1_048_576).toFixed(1)} MB for ${storedRounds} rounds = ${perRound.toFixed(0)} bytes a round ` +
      `(row, JSON result, indexes, rollups) = ${((perRound * roundsPerDay) / 1_073_741_824).toFixed(2)} GiB per day at ${roundsPerDay.toLocaleString('en')} rounds a day`,
    takeover === undefined
      ? 'engine lease: no node held it at the end, so no take-over was measured'
      : `engine lease: ${takeover.from} killed with SIGKILL while holding it; ${takeover.to ?? 'no node'} held it ${takeover.ms === undefined ? 'not' : `${takeover.ms} ms`} later (goal: within one interval, ${options.intervalS * 1000} ms)`,
    `PostgreSQL CPU: ${(pgCpuMs / 1000).toFixed(1)} s over the run (${((pgCpuMs / 1000 / Math.max(1, last?.elapsedS ?? 1)) * 100).toFixed(0)}% of one core)`,
    '',
  );
  process.stdout.write(lines.join('\n'));
}

await main();
