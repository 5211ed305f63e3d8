import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from '../../../src/lab/http-receiver.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type OutageLab, startOutageLab } from '../../../src/lab/outage-lab.js';
import { renderConfigYaml } from '../../../src/lab/render-config-yaml.js';
import { generateToken, hashToken } from '../../../src/server/auth/token-hash.js';
import { runBuiltCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import { type ServeProcess, spawnServe } from '../watch/serve-process.js';
import { CHROMIUM, type LaunchedBrowser, launchBrowser } from './launch-browser.js';

const WATCH = { interval: '500ms', burst: 1, timeout: '3s', concurrency: 16, origin_concurrency: 8 };
const tools = requireTools(['nginx', 'openssl']);
const chromiumMissing = !existsSync(CHROMIUM);
/** Every hostname of the lab's fleet, public and internal, in the order the fleet view sorts them. */
const HOSTNAMES = [
  'blog.example.test',
  'blog.internal.test',
  'docs.example.test',
  'docs.internal.test',
  'shop.example.test',
  'shop.internal.test',
];
if (chromiumMissing && process.env.CI === 'true')
  throw new Error(`${CHROMIUM} is missing: .ci/run installs it`);

describe.skipIf(tools.skip || chromiumMissing)('the dashboard in Chromium, on a watch over the lab', () => {
  let lab: OutageLab;
  let dir = '';
  let serve: ServeProcess;
  let url = '';
  let browser: LaunchedBrowser;
  let page: Page;
  const violations: string[] = [];
  const foreignRequests: string[] = [];
  const agentToken = generateToken();
  // A webhook receiver on loopback: the incident's notifications and their deliveries reach the timeline.
  let hook: HttpReceiver | undefined;

  beforeAll(async () => {
    lab = await startOutageLab({ sites: 4 });
    hook = await startHttpReceiver(() => ({ status: 200 }));
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-dashboard-'));
    const config = join(dir, 'frontdoor.yaml');
    await writeFile(
      config,
      renderConfigYaml(lab.config, {
        watch: WATCH,
        api: {
          tokens: [{ name: 'web1-agent', scope: 'agent', origin: 'web1', hash: hashToken(agentToken) }],
        },
        alerts: {
          channels: { hook: { type: 'webhook', url: `${hook.origin}/frontdoor` } },
          policies: { page: { channels: ['hook'] } },
          retry: { base: '200ms', cap: '1s' },
        },
      }),
    );
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    serve = spawnServe(
      ['-c', config, '--store', `sqlite:${join(dir, 'watch.db')}`, '--listen', `${address}:${port}`],
      dir,
    );
    url = await serve.url();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(url)) foreignRequests.push(request.url());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop('SIGTERM');
    await lab?.stop();
    await hook?.close();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  }, 30_000);

  const cells = (path: string) => page.locator(`td[data-id$="@${path}"] a.cell`);
  const verdictsOf = async (path: string) =>
    (
      await cells(path).evaluateAll((links) => links.map((link) => (link as HTMLElement).dataset.verdict))
    ).sort();

  it('paints the fleet without script, then goes live; web1 turns red with connect_refused and one banner, and green again, without a reload', async () => {
    // The first paint is the server's: the matrix is there before any script runs.
    const first = await (await fetch(`${url}/`)).text();
    expect(first).toContain('<table class="matrix"');
    expect(first).toContain('data-path="web1"');

    await page.goto(`${url}/`);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await expect
      .poll(() => page.locator('#live').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('live');
    await expect.poll(() => verdictsOf('web1'), { timeout: 30_000 }).toEqual(new Array(6).fill('ok'));

    // A second tab filtered to the connect layer: empty while all is well, web1's hostnames arrive in it
    // live when the door shuts, and leave when it reopens.
    const filtered = await browser.context.newPage();
    await filtered.goto(`${url}/?layer=connect`);
    await filtered.locator('#live[data-state="live"]').waitFor({ timeout: 10_000 });
    expect(await filtered.locator('.empty-note').count()).toBe(1);
    await filtered.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const filteredHosts = () => filtered.locator('th.host').allTextContents();

    await lab.breakOrigin('web1');
    await expect
      .poll(() => verdictsOf('web1'), { timeout: 30_000 })
      .toEqual(new Array(6).fill('connect_refused'));
    const refused = cells('web1').first();
    expect(await refused.getAttribute('class')).toContain('layer-connect');
    expect(await refused.locator('.verdict').textContent()).toBe('connect_refused');
    // Red: the connect layer's colour, and a shape beside the words.
    expect(await refused.evaluate((link) => getComputedStyle(link).backgroundColor)).toBe('rgb(185, 28, 28)');
    expect(await refused.locator('svg use').getAttribute('href')).toBe('#shape-fail');
    expect(await verdictsOf('web2')).toEqual(new Array(8).fill('ok'));
    await expect.poll(() => page.locator('#incident-banners .banner').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('#incident-banners .banner').textContent()).toMatch(/web1/);

    // Fetched beside the open page (it must not reload): the layer filter keeps exactly the hostnames web1
    // serves, and a refused target's page still shows the certificate its last passing round saw.
    const connectRows = await (await fetch(`${url}/?layer=connect`)).text();
    expect(
      [...connectRows.matchAll(/<th scope="row" class="host">([^<]+)</g)].map((match) => match[1]),
    ).toEqual(HOSTNAMES);
    const refusedId =
      (await cells('web1')
        .first()
        .evaluate((link) => link.closest('td')?.dataset.id)) ?? '';
    const refusedPage = await (await fetch(`${url}/targets/${encodeURIComponent(refusedId)}`)).text();
    expect(refusedPage).toContain('connect_refused');
    expect(refusedPage).toMatch(/id="certificate-seen"[^>]*>[^<]*the certificate the last passing round saw/);
    expect(refusedPage).toMatch(/\d+ days left/);

    // As in incident 000, the door stays shut until every target behind it is confirmed down and in the
    // one incident: web1's six and the four through the edge that routes shop and docs to web1. Restored
    // sooner, a target still below its threshold can go down after web1 is back (the edge a round behind
    // the origin) and open an incident of its own, 'edge only'.
    await expect
      .poll(
        async () => {
          const open = (await (await fetch(`${url}/api/v1/incidents?state=open`)).json()) as {
            incidents: Array<{ targetCount: number }>;
          };
          return open.incidents.map((incident) => incident.targetCount);
        },
        { timeout: 30_000 },
      )
      .toEqual([10]);
    expect(await page.locator('#incident-banners .banner').textContent()).toMatch(/10 targets/);
    await expect.poll(filteredHosts, { timeout: 30_000 }).toEqual(HOSTNAMES);
    await lab.restoreOrigin('web1');
    await expect.poll(() => verdictsOf('web1'), { timeout: 30_000 }).toEqual(new Array(6).fill('ok'));
    await expect.poll(() => page.locator('#incident-banners .banner').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await expect.poll(filteredHosts, { timeout: 30_000 }).toEqual([]);
    expect(await filtered.locator('.empty-note').count()).toBe(1);
    expect(await filtered.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await filtered.close();
  }, 120_000);

  it("drafts the incident's write-up naming the origin, the layer and the duration", async () => {
    // Rounds probed before the recovery may still be on their way to the store for a moment; the write-up
    // counts them, so it settles once they are in. Compare drafts only after that.
    const listed = (await (await fetch(`${url}/api/v1/incidents`)).json()) as {
      incidents: Array<{ id: string; title: string; status: string }>;
    };
    // One cause, one incident: no per-target incident beside it when web1 comes back.
    expect(listed.incidents.map((incident) => [incident.status, incident.title])).toEqual([
      ['resolved', expect.stringMatching(/^front door of web1 down: /)],
    ]);
    const resolved = listed.incidents[0];
    // The webhook got the opening and the resolution; wait for the second delivery so the draft carries it.
    await expect
      .poll(() => hook?.requests.map((request) => request.headers['x-frontdoor-event']), { timeout: 20_000 })
      .toEqual(['opened', 'resolved']);
    let previous = '';
    await expect
      .poll(
        async () => {
          const draft = await (
            await fetch(`${url}/api/v1/incidents/${encodeURIComponent(resolved?.id ?? '')}/writeup`)
          ).text();
          const settled = draft === previous;
          previous = draft;
          return settled;
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(true);
    await page.goto(`${url}/incidents`);
    const links = page.locator('main a[href^="/incidents/"]');
    expect(await links.count()).toBe(1);
    await links.first().click();
    await page.waitForSelector('#writeup');
    // The page itself: cause and layer, the affected targets (web1's six, and the four the edge routes to
    // web1) and the timeline from first failure to recovery.
    const facts = await page.locator('dl.facts').textContent();
    expect(facts).toContain('shared_front_door_down');
    expect(facts).toMatch(/layer\s*[^\n]*connect/);
    expect(facts).toMatch(/origins\s*web1/);
    expect(facts).toMatch(/duration\s*\d+ (s|min)[^\n]*resolved/);
    const affected = await page.locator('main table.list tbody tr td:first-child').allTextContents();
    expect(affected.sort()).toEqual([
      'blog.example.test via web1',
      'blog.internal.test via web1',
      'docs.example.test via edge',
      'docs.example.test via web1',
      'docs.internal.test via edge',
      'docs.internal.test via web1',
      'shop.example.test via edge',
      'shop.example.test via web1',
      'shop.internal.test via edge',
      'shop.internal.test via web1',
    ]);
    const kinds = await page
      .locator('ol.timeline li')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.kind));
    expect(kinds[0]).toBe('first_failure');
    expect(kinds).toContain('transition');
    expect(kinds).toContain('notification');
    expect(kinds).toContain('delivery');
    expect(await page.locator('ol.timeline').textContent()).toMatch(/hook: delivered/);
    expect(kinds).toContain('recovered');
    const text = await page.locator('#writeup').inputValue();
    expect(text).toMatch(/^# front door of web1 down: /);
    expect(text).toContain('origin web1');
    expect(text).toMatch(/\*\*Which layer failed:\*\* [^\n]*connect/);
    expect(text).toMatch(/\*\*Duration:\*\* \d+ (s|min)[^\n]* from .* to .*/);
    expect(text).toMatch(
      /\*\*Detection:\*\* first failure at [^\n]*; first notification at [^\n]* to hook\./,
    );
    expect(text).toMatch(/\*\*Impact:\*\* \d+ targets failed [^\n]*; \d+ of \d+ probe requests failed/);
    expect(text).toMatch(/\*\* hook: delivered/);
    const id = await page.locator('#incident').getAttribute('data-incident-id');
    const served = await fetch(`${url}/api/v1/incidents/${encodeURIComponent(id ?? '')}/writeup?download=1`);
    expect(served.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(served.headers.get('content-disposition')).toMatch(
      /^attachment; filename="frontdoor-inc-.*\.md"$/,
    );
    expect(await served.text()).toBe(text);
    // Copy puts the whole draft on the clipboard (loopback is a secure context; the test grants the
    // clipboard, as a person's click would be allowed to write it).
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    await page.locator('#copy-writeup').click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
    // The command line prints the same draft, byte for byte.
    const cli = await runBuiltCli(['incident', 'show', id ?? '', '--markdown', '--server', url]);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toBe(text);
  });

  it("shows a target's verdict history, latency chart, certificate and last failing evidence", async () => {
    await page.goto(`${url}/`);
    await cells('web1').first().click();
    await page.waitForSelector('main#target');
    expect(await page.locator('h1').textContent()).toMatch(/ via web1$/);
    const strip = page.locator('svg.strip');
    expect(await strip.getAttribute('aria-label')).toMatch(/connect_refused/);
    expect(await strip.locator('rect.layer-connect').count()).toBeGreaterThan(0);
    // uPlot drew the stacked phases into a canvas, with a legend naming them.
    await page.waitForSelector('#latency-chart canvas');
    expect(await page.locator('#latency-chart').textContent()).toMatch(/connect/i);
    expect(await page.locator('main').textContent()).toMatch(/\d+ days left/);
    expect(await page.locator('pre.evidence').textContent()).not.toBe('');
    expect(await page.locator('main').textContent()).toMatch(/connect_refused layer connect/);
  });

  it('filters by origin and layer through the URL', async () => {
    await page.goto(`${url}/`);
    await page.selectOption('select[name="origin"]', 'web2');
    await page.waitForURL(/origin=web2/);
    expect(await page.locator('thead th[data-path]').allTextContents()).toEqual(['web2']);
    await page.selectOption('select[name="env"]', 'acceptance');
    await page.waitForURL(/env=acceptance/);
    expect(await page.locator('th.host').allTextContents()).toEqual([
      'api.example.test',
      'api.internal.test',
    ]);
    await page.goto(`${url}/`);
    await page.selectOption('select[name="site"]', 'docs');
    await page.waitForURL(/site=docs/);
    expect(await page.locator('th.host').allTextContents()).toEqual([
      'docs.example.test',
      'docs.internal.test',
    ]);
    expect(await page.locator('thead th[data-path]').allTextContents()).toEqual(['edge', 'web1', 'web2']);
    // After the recovery nothing fails at connect any more.
    await page.goto(`${url}/?layer=connect`);
    expect(await page.locator('.empty-note').textContent()).toContain('No hostname matches');
  });

  it('reaches a cell with the keyboard, shows its summary on focus and moves with the arrow keys', async () => {
    await page.goto(`${url}/`);
    // The pointer shows the same summary on hover; a cell nobody points at keeps it hidden.
    const hovered = cells('web2').first();
    expect(await hovered.locator('.tip').isVisible()).toBe(false);
    await hovered.hover();
    expect(await hovered.locator('.tip').isVisible()).toBe(true);
    expect(await hovered.locator('.tip').textContent()).toMatch(/answered 200 in /);
    await page.mouse.move(0, 0);
    let focusedCell = false;
    for (let presses = 0; presses < 40 && !focusedCell; presses += 1) {
      await page.keyboard.press('Tab');
      focusedCell = await page.evaluate(() => document.activeElement?.matches('a.cell') ?? false);
    }
    expect(focusedCell).toBe(true);
    const tip = page.locator('a.cell:focus .tip');
    expect(await tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toMatch(/answered 200 in .*every expectation held/);
    const before = await page.evaluate(() => document.activeElement?.closest('td')?.dataset.id);
    await page.keyboard.press('ArrowRight');
    const right = await page.evaluate(() => document.activeElement?.closest('td')?.dataset.id);
    expect(right).not.toBe(before);
    // The first group is acceptance's api site, served by web2 alone: its edge cell's right neighbour is web2.
    expect(right).toMatch(/^api:api\.example\.test:.*@web2$/);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('td')?.dataset.id)).toMatch(
      /^api:api\.internal\.test:.*@web2$/,
    );
    // The focus ring is drawn, not hidden.
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).toBe(
      'solid',
    );
    await page.keyboard.press('Enter');
    await page.waitForSelector('main#target');
    expect(await page.locator('h1').textContent()).toBe('api.internal.test via web2');
  });

  it('is readable on a phone: the page never scrolls sideways, the matrix does, with the hostnames in view', async () => {
    const phone = await browser.context.newPage();
    try {
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(`${url}/`);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const scroller = phone.locator('.matrix-scroll');
      const { scrollWidth, clientWidth } = await scroller.evaluate((element) => ({
        scrollWidth: element.scrollWidth,
        clientWidth: element.clientWidth,
      }));
      expect(clientWidth).toBeLessThanOrEqual(390);
      await scroller.evaluate((element) => {
        element.scrollLeft = element.scrollWidth;
      });
      // The hostname stays at the left edge while the columns slide under it, and its name is readable.
      const host = phone.locator('th.host').first();
      const box = await host.boundingBox();
      expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
      expect(box?.x ?? 999).toBeLessThan(40);
      expect(
        await host.evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize)),
      ).toBeGreaterThanOrEqual(10);
      if (scrollWidth > clientWidth) {
        expect(await scroller.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
      }
    } finally {
      await phone.close();
    }
  });

  it('takes in a change an agent reports while the changes page is open, without a reload', async () => {
    await page.goto(`${url}/changes?origin=web1`);
    await page.locator('#live[data-state="live"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('#changes-list tr[data-kind]').count()).toBe(0);
    // The page stays the same document throughout: a reload would lose this mark.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const posted = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agentToken}` },
      body: JSON.stringify({
        events: [
          {
            type: 'nginx_test_failing',
            origin: 'web1',
            sequence: 1,
            observedAt: new Date().toISOString(),
            config: '/etc/nginx/nginx.conf',
            output: ['nginx: [emerg] unknown directive "servr" in /etc/nginx/conf.d/app.conf:2'],
            outputTruncated: false,
          },
        ],
      }),
    });
    expect(posted.status).toBe(200);
    const row = page.locator('#changes-list tr[data-kind="nginx_test_failing"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('unknown directive "servr"');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
  });

  it('loaded nothing from elsewhere and broke no rule of its Content-Security-Policy', async () => {
    const answer = await fetch(`${url}/`);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(foreignRequests).toEqual([]);
    expect(violations).toEqual([]);
  });
});
