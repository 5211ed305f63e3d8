// npm run bench:dashboard: the dashboard's first paint on a 2,000-target watch, in Debian's Chromium.
// Prints figures (median of the runs); asserts nothing. The goal: first paint under 2 s here.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { startBenchServer } from './bench-server.js';
import { createCleanupStack, stopOnSignals } from './cleanup-stack.js';
import { readBenchOptions } from './read-bench-options.js';
import { startServe } from './start-serve.js';

const USAGE = `usage: npm run bench:dashboard -- [--targets N] [--runs N]
  defaults: 2000 targets (1000 sites, through the edge and on one of 10 origins), 7 page loads`;
const CHROMIUM = '/usr/bin/chromium';
const ORIGINS = 10;

function readOptions(argv) {
  const { bounded } = readBenchOptions('bench:dashboard', USAGE, argv, {
    targets: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '7' },
  });
  return { targets: bounded('targets', 50_000), runs: bounded('runs', 100) };
}

/** Sites of two targets each (edge and one origin), in 4 environments, every one on the bench nginx. */
function renderConfig(server, targets) {
  const lines = [
    'environments:',
    '  production: { alerts: page }',
    '  acceptance: { alerts: quiet }',
    'origins:',
  ];
  for (let i = 0; i < ORIGINS; i += 1) lines.push(`  web${i}: "${server.address}:${server.port}"`);
  lines.push('resolve:', `  ${server.hostname}: ${server.address}`, `ca: "${server.caCertPath}"`, 'sites:');
  for (let i = 0; i < Math.ceil(targets / 2); i += 1) {
    const origins = i * 2 + 1 < targets ? `, origins: [web${i % ORIGINS}]` : '';
    const environment = i % 4 === 3 ? 'acceptance' : 'production';
    lines.push(
      `  s${i}: { environment: ${environment}, url: "${server.url}s${i}", expect: { status: 200 }${origins} }`,
    );
  }
  lines.push('watch:', '  interval: 60s', '  burst: 1', '  timeout: 10s', '  concurrency: 64');
  return `${lines.join('\n')}\n`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`bench:dashboard: ${CHROMIUM} is missing (apt-get install chromium)\n`);
    process.exit(2);
  }
  const cleanup = createCleanupStack();
  stopOnSignals(cleanup);
  try {
    const server = await startBenchServer(cleanup);
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-bench-dashboard-'));
    cleanup.push('bench dir', () => rm(dir, { recursive: true, force: true }));
    const configPath = join(dir, 'frontdoor.yaml');
    await writeFile(configPath, renderConfig(server, options.targets));
    const { url } = await startServe({
      args: ['-c', configPath, '--store', `sqlite:${join(dir, 'watch.db')}`],
      cleanup,
    });
    // The first paint that matters shows verdicts, not "pending": wait for the first round to be stored.
    for (;;) {
      const status = await (await fetch(`${url}/api/v1/status`)).json();
      if (status.store.writtenRounds >= options.targets) break;
      await sleep(250);
    }
    const profile = await mkdtemp(join(tmpdir(), 'frontdoor-bench-chromium-'));
    cleanup.push('chromium profile', () => rm(profile, { recursive: true, force: true }));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
      viewport: { width: 1280, height: 900 },
    });
    cleanup.push('chromium', () => context.close());

    process.stdout.write(
      `bench:dashboard: ${options.targets} targets, first round stored; ${options.runs} loads of / in a fresh tab, cache off\n` +
        '   run   HTML (KB)  rows  server (ms)  first byte (ms)  first contentful paint (ms)  DOM ready (ms)\n',
    );
    const runs = [];
    for (let run = 1; run <= options.runs; run += 1) {
      const started = performance.now();
      const answer = await fetch(`${url}/`);
      const html = await answer.text();
      const serverMs = performance.now() - started;
      const page = await context.newPage();
      // Routing every request through Playwright turns Chromium's HTTP cache off: each load is a first visit.
      await page.route('**/*', (route) => route.continue());
      await page.goto(`${url}/`, { waitUntil: 'load' });
      // On a busy machine Chromium may paint after 'load': read the paint entry from a buffered observer,
      // which hands over one already recorded and waits for one still to come (a bounded wait).
      const timing = await page.evaluate(async () => {
        const navigation = performance.getEntriesByType('navigation')[0];
        const fcp = await new Promise((resolve) => {
          const timer = setTimeout(() => resolve(Number.NaN), 10_000);
          new PerformanceObserver((list, observer) => {
            const paint = list.getEntriesByName('first-contentful-paint')[0];
            if (paint === undefined) return;
            clearTimeout(timer);
            observer.disconnect();
            resolve(paint.startTime);
          }).observe({ type: 'paint', buffered: true });
        });
        return {
          ttfb: navigation.responseStart - navigation.startTime,
          fcp,
          dcl: navigation.domContentLoadedEventEnd - navigation.startTime,
          rows: document.querySelectorAll('th.host').length,
        };
      });
      await page.close();
      runs.push({ ...timing, serverMs, kb: Buffer.byteLength(html) / 1024 });
      process.stdout.write(
        `${String(run).padStart(6)} ${(Buffer.byteLength(html) / 1024).toFixed(1).padStart(11)} ${String(timing.rows).padStart(5)} ` +
          `${serverMs.toFixed(1).padStart(12)} ${timing.ttfb.toFixed(1).padStart(16)} ${timing.fcp.toFixed(1).padStart(28)} ${timing.dcl.toFixed(1).padStart(15)}\n`,
      );
    }
    const fcp = median(runs.map((run) => run.fcp));
    process.stdout.write(
      `median: server ${median(runs.map((run) => run.serverMs)).toFixed(1)} ms, first byte ${median(runs.map((run) => run.ttfb)).toFixed(1)} ms, ` +
        `first contentful paint ${fcp.toFixed(1)} ms (goal: under 2000 ms), DOM ready ${median(runs.map((run) => run.dcl)).toFixed(1)} ms; ` +
        `load average ${loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')}\n`,
    );
  } finally {
    await cleanup.runAll();
  }
}

await main();
