import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { allocateLoopbackAddress, findFreePort } from '../dist/lab/loopback.js';
import { createCleanupStack, stopOnSignals } from './cleanup-stack.js';
import { readBenchOptions } from './read-bench-options.js';

const USAGE = `usage: npm run bench:notify -- [--cycles N] [--origins N] [--settle SECONDS]
  defaults: 20 kill/restart cycles, 12 origins whose app fails and recovers at random, 120 s to settle`;

const CLI = new URL('../dist/bin/frontdoor.js', import.meta.url).pathname;

function readOptions(argv) {
  const { bounded } = readBenchOptions('bench:notify', USAGE, argv, {
    cycles: { type: 'string', default: '20' },
    origins: { type: 'string', default: '12' },
    settle: { type: 'string', default: '120' },
  });
  return {
    cycles: bounded('cycles', 500),
    origins: bounded('origins', 200),
    settleS: bounded('settle', 3600),
  };
}

const pick = (min, max) => min + Math.random() * (max - min);

/** An origin whose app answers 200 or 500 as told: each one's failures open and resolve its own incident. */
async function startOrigin() {
  const address = allocateLoopbackAddress();
  const state = { failing: false };
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(state.failing ? 500 : 200, { 'content-type': 'text/plain' }).end('ok\n');
  });
  server.listen({ host: address, port: 0 });
  await once(server, 'listening');
  return { address, port: server.address().port, state, close: () => closeServer(server) };
}

function closeServer(server) {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/**
 * The webhook receiver: counts every request answered 2xx by its Idempotency-Key. Stopped and started on
 * the same port, as a receiver that goes down and comes back is.
 */
function createReceiver(address, port) {
  const accepted = new Map();
  let requests = 0;
  let server;
  return {
    accepted,
    requests: () => requests,
    running: () => server !== undefined,
    async start() {
      server = createServer((request, response) => {
        request.resume();
        request.on('end', () => {
          requests += 1;
          const key = String(request.headers['idempotency-key'] ?? '');
          accepted.set(key, (accepted.get(key) ?? 0) + 1);
          response.writeHead(200).end();
        });
      });
      server.listen({ host: address, port });
      await once(server, 'listening');
    },
    async stop() {
      if (server === undefined) return;
      const closing = server;
      server = undefined;
      await closeServer(closing);
    },
  };
}

function renderConfig(origins, hook) {
  const lines = ['environments:', '  production: { alerts: page }', 'origins:'];
  for (const [n, origin] of origins.entries()) lines.push(`  o${n}: "${origin.address}:${origin.port}"`);
  lines.push('sites:');
  for (const n of origins.keys()) {
    lines.push(
      `  s${n}: { url: "http://s${n}.example.test/", environment: production, edge: false, origins: [o${n}], expect: { status: [200] } }`,
    );
  }
  lines.push(
    'watch: { interval: 500ms, burst: 1, timeout: 2s, concurrency: 32 }',
    'alerts:',
    `  channels: { hook: { type: webhook, url: "${hook}/frontdoor", timeout: 2s } }`,
    '  policies: { page: { channels: [hook], failure-threshold: 2, success-threshold: 2 } }',
    '  retry: { base: 250ms, cap: 2s }',
  );
  return `${lines.join('\n')}\n`;
}

function spawnServe(config, store, listen, cwd) {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '-c', config, '--store', `sqlite:${store}`, '--listen', listen],
    {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  return { child, stderr: () => stderr, exited: once(child, 'exit') };
}

function readOutbox(store) {
  const db = new Database(store, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT key, state FROM outbox').all();
    const transitions = db.prepare('SELECT kind, count(*) AS n FROM transitions GROUP BY kind').all();
    const attempts = db.prepare('SELECT result, count(*) AS n FROM deliveries GROUP BY result').all();
    return {
      rows,
      attempts: Object.fromEntries(attempts.map((row) => [row.result, row.n])),
      transitions: Object.fromEntries(transitions.map((row) => [row.kind, row.n])),
    };
  } catch {
    return { rows: [], attempts: {}, transitions: {} };
  } finally {
    db.close();
  }
}

/** After every kill -9: is the file sound, and is the history there (rounds and batches kept)? */
function inspectStore(store) {
  const db = new Database(store, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: String(db.pragma('integrity_check', { simple: true })),
      rounds: db.prepare('SELECT count(*) AS n FROM rounds').get().n,
      batches: db.prepare('SELECT count(*) AS n FROM batches').get().n,
    };
  } finally {
    db.close();
  }
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  const cleanup = createCleanupStack();
  stopOnSignals(cleanup);
  try {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-bench-notify-'));
    cleanup.push('temp dir', () => rm(dir, { recursive: true, force: true }));
    const origins = [];
    for (let n = 0; n < options.origins; n += 1) {
      const origin = await startOrigin();
      cleanup.push(`origin ${n}`, origin.close);
      origins.push(origin);
    }
    const hookAddress = allocateLoopbackAddress();
    const hookPort = await findFreePort(hookAddress);
    const receiver = createReceiver(hookAddress, hookPort);
    await receiver.start();
    cleanup.push('receiver', () => receiver.stop());
    const config = join(dir, 'frontdoor.yaml');
    await writeFile(config, renderConfig(origins, `http://${hookAddress}:${hookPort}`));
    const store = join(dir, 'frontdoor.db');
    const serveAddress = allocateLoopbackAddress();
    const listen = `${serveAddress}:${await findFreePort(serveAddress)}`;
    let serve = spawnServe(config, store, listen, dir);
    cleanup.push('serve', () => serve.child.kill('SIGKILL'));

    // One origin at a time fails for a few rounds and recovers, all along: each outage is its own cause (two
    // at once would be one fleet-wide incident), so notifications keep being made while things die.
    let churning = true;
    const churn = (async () => {
      while (churning) {
        const origin = origins[Math.floor(Math.random() * origins.length)];
        origin.state.failing = true;
        await sleep(pick(2000, 4000));
        origin.state.failing = false;
        await sleep(pick(1000, 2000));
      }
    })();

    let serveKills = 0;
    let receiverOutages = 0;
    const started = Date.now();
    for (let cycle = 0; cycle < options.cycles; cycle += 1) {
      await sleep(pick(1500, 4000));
      if (Math.random() < 0.5) {
        serve.child.kill('SIGKILL');
        await serve.exited;
        serveKills += 1;
        await sleep(pick(200, 2000));
        serve = spawnServe(config, store, listen, dir);
      } else {
        await receiver.stop();
        receiverOutages += 1;
        await sleep(pick(500, 4000));
        await receiver.start();
      }
      process.stdout.write(
        `cycle ${cycle + 1}/${options.cycles}: ${serveKills} kill -9 of serve, ${receiverOutages} receiver outages\n`,
      );
    }
    churning = false;
    await churn;
    for (const origin of origins) origin.state.failing = false;

    // Everything up: wait for the incidents to resolve and the outbox to drain.
    const deadline = Date.now() + options.settleS * 1000;
    let outbox = readOutbox(store);
    let quiet = 0;
    while (Date.now() < deadline) {
      await sleep(1000);
      const next = readOutbox(store);
      const pending = next.rows.filter((row) => row.state === 'pending').length;
      quiet = pending === 0 && next.rows.length === outbox.rows.length ? quiet + 1 : 0;
      outbox = next;
      if (quiet >= 5) break;
    }
    serve.child.kill('SIGTERM');
    await serve.exited;

    const kept = inspectStore(store);
    const keys = new Set(outbox.rows.map((row) => row.key));
    const lost = [...keys].filter((key) => !receiver.accepted.has(key));
    const duplicated = [...receiver.accepted.values()].filter((count) => count > 1).length;
    const repeats = [...receiver.accepted.values()].reduce((sum, count) => sum + count - 1, 0);
    const states = {};
    for (const row of outbox.rows) states[row.state] = (states[row.state] ?? 0) + 1;
    const figures = [
      ['run', `${Math.round((Date.now() - started) / 1000)} s, ${options.origins} origins`],
      ['serve kill -9', serveKills],
      ['receiver outages', receiverOutages],
      ['incident transitions by kind', JSON.stringify(outbox.transitions)],
      ['notifications (outbox keys)', keys.size],
      ['outbox rows by state', JSON.stringify(states)],
      ['delivery attempts by result', JSON.stringify(outbox.attempts)],
      ['requests the receiver got', receiver.requests()],
      ['keys received', receiver.accepted.size],
      ['lost (sent, never received)', lost.length],
      ['keys received more than once', duplicated],
      ['repeated requests (dropped by key)', repeats],
      ['store integrity_check', kept.integrity],
      ['history kept (rounds, batches)', `${kept.rounds}, ${kept.batches}`],
    ];
    const width = Math.max(...figures.map(([label]) => label.length));
    process.stdout.write(
      `\nbench:notify (goal: 0 lost, 0 received twice by key; a repeat carries its key, so a receiver can drop it; integrity ok)\n`,
    );
    for (const [label, value] of figures)
      process.stdout.write(`  ${String(label).padEnd(width)}  ${value}\n`);
    if (lost.length > 0) process.stdout.write(`  lost keys: ${lost.slice(0, 20).join(', ')}\n`);
    if (serve.stderr().trim() !== '')
      process.stdout.write(`  serve's stderr: ${serve.stderr().trim().split('\n')[0]}\n`);
  } finally {
    await cleanup.runAll();
  }
}

await main();
