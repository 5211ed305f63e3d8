// npm run screenshots: the fleet, target and incident views as docs/images/*.png, taken in Debian's
// Chromium from a watch on the outage lab while incident 000 happens to web1 and after it recovers.
// Needs nginx, openssl and /usr/bin/chromium; everything runs on fresh loopback addresses and stops after.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startHttpReceiver } from '../dist/lab/http-receiver.js';
import { allocateLoopbackAddress, findFreePort } from '../dist/lab/loopback.js';
import { startOutageLab } from '../dist/lab/outage-lab.js';
import { renderConfigYaml } from '../dist/lab/render-config-yaml.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const images = join(root, 'docs/images');
const CLI = join(root, 'dist/bin/frontdoor.js');
const WATCH = { interval: '1s', burst: 1, timeout: '3s', concurrency: 16, origin_concurrency: 8 };

async function waitFor(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`screenshots: gave up waiting for ${what}`);
    await sleep(250);
  }
}

const openIncidents = async (url) =>
  (await (await fetch(`${url}/api/v1/incidents?state=open`)).json()).incidents;

const stops = [];
try {
  const lab = await startOutageLab({ sites: 4 });
  stops.push(() => lab.stop());
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-screenshots-'));
  stops.push(() => rm(dir, { recursive: true, force: true }));
  // A webhook receiver on loopback, so the incident's timeline shows notifications and their deliveries.
  const hook = await startHttpReceiver(() => ({ status: 200 }));
  stops.push(() => hook.close());
  const alerts = {
    channels: { oncall: { type: 'webhook', url: `${hook.origin}/frontdoor` } },
    policies: { page: { channels: ['oncall'] } },
  };
  await writeFile(join(dir, 'frontdoor.yaml'), renderConfigYaml(lab.config, { watch: WATCH, alerts }));
  const address = allocateLoopbackAddress();
  const port = await findFreePort(address);
  const url = `http://${address}:${port}`;
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '-c', 'frontdoor.yaml', '--store', 'sqlite:watch.db', '--listen', `${address}:${port}`],
    { cwd: dir, stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  stops.push(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  await waitFor('the watch', () =>
    fetch(`${url}/healthz`).then(
      (answer) => answer.ok,
      () => false,
    ),
  );

  const profile = await mkdtemp(join(tmpdir(), 'frontdoor-screenshots-chromium-'));
  stops.push(() => rm(profile, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
    viewport: { width: 1280, height: 800 },
  });
  stops.push(() => context.close());
  const page = await context.newPage();

  // A few healthy rounds first, so the target's history shows the change.
  await sleep(8_000);
  await lab.breakOrigin('web1');
  await waitFor('the incident', async () => (await openIncidents(url)).length > 0);
  await sleep(12_000);
  await page.goto(`${url}/`);
  await page.screenshot({ path: join(images, 'fleet.png'), fullPage: true });
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${url}/`);
  await phone.screenshot({ path: join(images, 'fleet-phone.png') });
  await phone.close();

  await page.locator('td[data-id$="@web1"] a.cell').first().click();
  await page.waitForSelector('#latency-chart canvas');
  await page.screenshot({ path: join(images, 'target.png'), fullPage: true });

  const [incident] = await openIncidents(url);
  await lab.restoreOrigin('web1');
  await waitFor('the recovery', async () => (await openIncidents(url)).length === 0);
  await page.goto(`${url}/incidents/${encodeURIComponent(incident.id)}`);
  await page.waitForSelector('#writeup');
  await page.screenshot({ path: join(images, 'incident.png'), fullPage: true });
  process.stdout.write(`screenshots: fleet.png, fleet-phone.png, target.png, incident.png in ${images}\n`);
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
}
