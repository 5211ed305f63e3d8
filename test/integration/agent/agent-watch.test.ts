import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../src/incidents/host-event.js';
import type { IncidentNotification } from '../../../src/incidents/incident.js';
import type { IncidentDossier } from '../../../src/incidents/incident-dossier.js';
import { type HttpReceiver, startHttpReceiver } from '../../../src/lab/http-receiver.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { type PortSquatter, startPortSquatter } from '../../../src/lab/port-squatter.js';
import { generateToken, hashToken } from '../../../src/server/auth/token-hash.js';
import type { TimelineEntry } from '../../../src/store/read-events.js';
import { buildCli, runBuiltCli } from '../cli/run-built-cli.js';
import { type Door, openDoor, renderDoorsBlock, SHOP_HOST } from '../gate/gate-lab.js';
import { requireTools } from '../lab/require-tools.js';
import { type ServeProcess, spawnServe } from '../watch/serve-process.js';
import { type AgentProcess, startAgentProcess, waitFor } from './agent-process.js';

const tools = requireTools(['nginx']);
/** How long the watch is away while the agent spools: the "down for a minute". */
const WATCH_DOWN_MS = 60_000;

/** "2026-11-23  06:11:00" as apt writes it: local time, no zone. */
function aptTime(date: Date, separator = '  '): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}${separator}${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

type Entry = TimelineEntry & { line: string };

/**
 * The inside view joined with the outside view on loopback, with real processes only: the lab origin web1
 * (nginx serving the shop with version v7), `frontdoor serve` watching it, `frontdoor agent` on it posting to
 * that serve, and `frontdoor verify --report-to` marking deploys.
 */
describe.skipIf(tools.skip)('frontdoor agent and verify against frontdoor serve', () => {
  let dir = '';
  let door: Door = { address: '', port: 0 };
  let nginx: NginxServer | undefined;
  let squatter: PortSquatter | undefined;
  let serve: ServeProcess | undefined;
  let agent: AgentProcess | undefined;
  let hook: HttpReceiver | undefined;
  let listen = '';
  const tokens = { web1: generateToken(), web2: generateToken(), ci: generateToken() };

  beforeAll(buildCli);

  afterEach(async () => {
    await agent?.stop();
    await serve?.stop('SIGTERM');
    await squatter?.close();
    await nginx?.stop();
    await hook?.close();
    agent = serve = squatter = nginx = hook = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * web1: nginx on a fresh loopback address, paged to a webhook; web2 exists only so a token can be bound to it. The
   * configuration is the one file every command reads; apt's history records an unattended nginx upgrade
   * five minutes ago, in the log folder the agent is given.
   */
  async function setUp(): Promise<{ config: string }> {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-agent-watch-'));
    door = await openDoor();
    const web2 = await openDoor();
    nginx = await startNginx({ httpBlock: renderDoorsBlock({ doors: [door], version: 'v7' }) });
    hook = await startHttpReceiver(() => ({ status: 200 }));
    const serveAddress = allocateLoopbackAddress();
    listen = `${serveAddress}:${await findFreePort(serveAddress)}`;
    const config = join(dir, 'frontdoor.yaml');
    await writeFile(
      config,
      [
        'origins:',
        `  web1: "${door.address}:${door.port}"`,
        `  web2: "${web2.address}:${web2.port}"`,
        'resolve:',
        `  ${SHOP_HOST}: ${door.address}`,
        'sites:',
        '  shop:',
        `    url: http://${SHOP_HOST}:${door.port}/health`,
        '    origins: [web1]',
        'watch: { interval: 500ms, burst: 1, timeout: 2s }',
        'alerts:',
        `  channels: { hook: { type: webhook, url: "${hook.origin}/frontdoor" } }`,
        '  policies: { page: { channels: [hook], failure-threshold: 2, success-threshold: 2 } }',
        '  retry: { base: 200ms, cap: 1s }',
        'api:',
        '  tokens:',
        `    - { name: web1-agent, scope: agent, origin: web1, hash: "${hashToken(tokens.web1)}" }`,
        `    - { name: web2-agent, scope: agent, origin: web2, hash: "${hashToken(tokens.web2)}" }`,
        `    - { name: ci, scope: deploy, hash: "${hashToken(tokens.ci)}" }`,
        'host:',
        `  listeners: { "${door.address}:${door.port}": nginx }`,
        `  nginx_config: ${nginx.configPath}`,
        `  state_dir: ${join(dir, 'state')}`,
        '',
      ].join('\n'),
    );
    const upgradedAt = new Date(Date.now() - 5 * 60_000);
    await mkdir(join(dir, 'log/apt'), { recursive: true });
    await writeFile(
      join(dir, 'log/apt/history.log'),
      `\nStart-Date: ${aptTime(upgradedAt)}\nCommandline: /usr/bin/unattended-upgrade\n` +
        'Upgrade: nginx:amd64 (1.22.1-9+deb12u11, 1.22.1-9+deb12u12)\n' +
        `End-Date: ${aptTime(new Date(upgradedAt.getTime() + 3000))}\n`,
    );
    for (const [name, token] of Object.entries(tokens)) {
      await writeFile(join(dir, `${name}.token`), `${token}\n`, { mode: 0o600 });
    }
    return { config };
  }

  async function startServe(config: string): Promise<string> {
    serve = spawnServe(['-c', config, '--store', `sqlite:${join(dir, 'watch.db')}`, '--listen', listen], dir);
    return serve.url();
  }

  function startAgent(config: string, url: string): AgentProcess {
    agent = startAgentProcess([
      '--server',
      url,
      '--token-file',
      join(dir, 'web1.token'),
      '-c',
      config,
      '--origin',
      'web1',
      '--log-dir',
      join(dir, 'log'),
      '--spool',
      join(dir, 'spool'),
      '--interval',
      '250ms',
    ]);
    return agent;
  }

  /** GET /api/v1/events, every page. */
  async function timeline(url: string, query = 'origin=web1&since=1h'): Promise<Entry[]> {
    const entries: Entry[] = [];
    let after = '';
    for (;;) {
      const answer = await fetch(`${url}/api/v1/events?${query}&limit=50${after}`);
      expect(answer.status).toBe(200);
      const page = (await answer.json()) as { events: Entry[]; next: string | null };
      entries.push(...page.events);
      if (page.next === null) return entries;
      after = `&after=${page.next}`;
    }
  }

  /** Polls the timeline until `found` holds on it (the agent checks every 250 ms). */
  async function waitForTimeline(url: string, what: string, found: (entries: Entry[]) => boolean) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const entries = await timeline(url);
      if (found(entries)) return entries;
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}: ${JSON.stringify(entries.map((e) => e.line))}\n${agent?.stderr()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  const hostEvents = (entries: Entry[]): HostEvent[] =>
    entries.flatMap((entry) => (entry.kind === 'host' ? [entry.event] : []));
  const has = (type: HostEvent['type']) => (entries: Entry[]) =>
    hostEvents(entries).some((e) => e.type === type);
  /** The listener event naming this test's process (the squatter) as the holder of nginx's port. */
  const squatted = (event: HostEvent) =>
    (event.type === 'listener_owner_changed' || event.type === 'socket_returned') &&
    event.verdict === 'wrong_listener' &&
    event.current.some((p) => p.pid === process.pid);

  it('puts the agent’s drift (with its diff) and verify’s deploy mark (with its gap) on the timeline; a token of web1 cannot post for web2', async () => {
    const { config } = await setUp();
    expect((await runBuiltCli(['host', 'baseline', '-c', config])).code).toBe(0);
    const url = await startServe(config);
    startAgent(config, url);
    await waitForTimeline(url, 'the agent’s first check', has('package_changed'));

    await appendFile((nginx as NginxServer).configPath, '# tuned by hand at 03:00\n');
    const entries = await waitForTimeline(url, 'the drift', has('config_drift_appeared'));
    const drift = hostEvents(entries).find((e) => e.type === 'config_drift_appeared');
    expect(drift?.type === 'config_drift_appeared' && drift.diff).toContain('+# tuned by hand at 03:00');
    expect(entries.find((e) => e.kind === 'host' && e.event.type === 'config_drift_appeared')).toMatchObject({
      source: 'web1-agent',
      line: expect.stringMatching(/ drifted from the baseline accepted /),
    });
    expect(hostEvents(entries).find((e) => e.type === 'package_changed')).toMatchObject({
      package: 'nginx',
      actor: 'unattended-upgrades',
    });

    // web1's agent token posting an event of web2: refused, nothing stored; web2's own token may.
    const forWeb2 = { ...drift, origin: 'web2', sequence: 1 };
    const post = (token: string) =>
      fetch(`${url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ events: [forWeb2] }),
      });
    const refused = await post(tokens.web1);
    expect(refused.status).toBe(403);
    const refusal = await refused.text();
    expect(refusal).not.toContain('web1-agent');
    expect(refusal).not.toContain(tokens.web1);
    expect(await timeline(url, 'origin=web2&since=1h')).toEqual([]);
    const accepted = await post(tokens.web2);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ accepted: 1, duplicates: 0 });
    // The same sequence again (an agent resending after a lost answer): harmless, stored once.
    const resent = await post(tokens.web2);
    expect(resent.status).toBe(200);
    expect(await resent.json()).toEqual({ accepted: 0, duplicates: 1 });
    expect(await timeline(url, 'origin=web2&since=1h')).toHaveLength(1);
    // Over 1 MiB: refused before it is parsed, nothing stored.
    const huge = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.web2}` },
      body: JSON.stringify({ events: [{ ...forWeb2, sequence: 2, diff: 'x'.repeat(1024 * 1024) }] }),
    });
    expect(huge.status).toBe(413);
    expect(await timeline(url, 'origin=web2&since=1h')).toHaveLength(1);

    // A deploy watched during its run: the mark, its version and each target's gap are on web1's timeline.
    const deploy = await runBuiltCli(
      [
        'verify',
        '-c',
        config,
        '--expect-version',
        'v7',
        '--report-to',
        url,
        '--token-file',
        join(dir, 'ci.token'),
        '--during',
        '--',
        process.execPath,
        '-e',
        'setTimeout(() => {}, 600)',
      ],
      { cwd: dir },
    );
    expect(deploy.code).toBe(0);
    expect(deploy.stderr).toContain(`frontdoor verify: deploy mark reported to ${url} (201)`);
    const marks = (await timeline(url)).filter((e) => e.kind === 'deploy');
    expect(marks).toHaveLength(1);
    const [mark] = marks;
    expect(mark).toMatchObject({ source: 'ci', mark: { version: 'v7', result: 'passed', mode: 'during' } });
    expect(mark?.line).toMatch(/^deploy v7 passed its gate on web1: 2 targets, longest gap \d+ ms$/);
    const gaps = mark?.kind === 'deploy' ? mark.mark.targets.map((t) => t.gap) : [];
    expect(gaps.length).toBeGreaterThan(0);
    for (const gap of gaps) expect(gap?.sent).toBeGreaterThan(0);
  });

  /** Waits until every target has failed at least `count` rounds in the last 10 minutes, by the API. */
  async function waitForFailingRounds(url: string, count: number): Promise<void> {
    const listing = (await (await fetch(`${url}/api/v1/targets`)).json()) as { targets: { id: string }[] };
    expect(listing.targets.length).toBeGreaterThan(0);
    const failing = async () => {
      const counts = await Promise.all(
        listing.targets.map(async ({ id }) => {
          const answer = await fetch(`${url}/api/v1/targets/${encodeURIComponent(id)}/history?since=10m`);
          const history = (await answer.json()) as { points: { verdict?: string }[] };
          return history.points.filter((p) => p.verdict !== undefined && p.verdict !== 'ok').length;
        }),
      );
      return counts;
    };
    const deadline = Date.now() + 30_000;
    for (;;) {
      const counts = await failing();
      if (counts.every((n) => n >= count)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for failing rounds: ${counts}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function readJson<T>(url: string): Promise<T> {
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    return (await answer.json()) as T;
  }

  /**
   * Polls serve's open incidents until one of web1 names `cause` as its likeliest and every notification of
   * it was delivered: the one that names the cause is written in the same step as the cause.
   */
  async function waitForExplainedIncident(url: string, cause: RegExp): Promise<IncidentDossier> {
    const deadline = Date.now() + 30_000;
    let seen: IncidentDossier[] = [];
    for (;;) {
      const { incidents } = await readJson<{ incidents: { id: string; origins: string[] }[] }>(
        `${url}/api/v1/incidents?state=open`,
      );
      seen = await Promise.all(
        incidents
          .filter((incident) => incident.origins.includes('web1'))
          .map((incident) =>
            readJson<IncidentDossier>(`${url}/api/v1/incidents/${encodeURIComponent(incident.id)}`),
          ),
      );
      const explained = seen.find(
        (dossier) =>
          cause.test(dossier.likelyCauses[0] ?? '') &&
          dossier.notifications.length > 0 &&
          dossier.notifications.every((n) => n.deliveries.some((d) => d.outcome === 'sent')),
      );
      if (explained !== undefined) return explained;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for an explained incident: ${JSON.stringify(seen, null, 2)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  // The watch stays down for a minute, as the issue says: changes are made and spooled while it is away,
  // and the agent fails and backs off many times before it returns. The incident is serve's own: its
  // engine takes in the stored rounds and the agent's spooled events, and its outbox pages the webhook.
  it('loses no event and stores none twice while the watch is down, and serve’s incident names the squatter and the upgrade to the API, the write-up and the webhook once', {
    timeout: WATCH_DOWN_MS + 90_000,
  }, async () => {
    const { config } = await setUp();
    expect((await runBuiltCli(['host', 'baseline', '-c', config])).code).toBe(0);
    const url = await startServe(config);
    const running = startAgent(config, url);
    await waitForTimeline(url, 'the agent’s first check', has('package_changed'));

    expect((await (serve as ServeProcess).stop('SIGTERM')).code).toBe(0);
    const downAt = Date.now();
    await appendFile((nginx as NginxServer).configPath, '# changed while the watch was away\n');
    // Stopping the lab's nginx removes its files: the agent must have seen the drift first.
    await waitFor(
      'the drift in the spool',
      () => / drifted from the baseline /.test(running.stderr()),
      20_000,
      running.stderr,
    );
    await nginx?.stop();
    nginx = undefined;
    squatter = await startPortSquatter({
      address: door.address,
      port: door.port,
      behaviour: { kind: 'close' },
    });
    await waitFor(
      'the squatter in the spool',
      () => /held by node/.test(running.stderr()),
      20_000,
      running.stderr,
    );
    await waitFor(
      'a failed delivery',
      () => running.stderr().includes('cannot deliver to'),
      20_000,
      running.stderr,
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, WATCH_DOWN_MS - (Date.now() - downAt))));

    await startServe(config);
    const entries = await waitForTimeline(url, 'the squatter', (list) => hostEvents(list).some(squatted));
    const again = await waitFor('the spool emptied', () =>
      /delivering again after \d+ failed attempts/.test(running.stderr()),
    ).then(() => /delivering again after (\d+) failed attempts/.exec(running.stderr()));
    // A minute of a watch that does not answer: the agent tried again and again, and kept everything.
    expect(Number(again?.[1])).toBeGreaterThan(5);

    const listener = `${door.address}:${door.port}`;
    const cause = new RegExp(
      `^nginx upgraded by unattended-upgrades (\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d:\\d\\d, then ${listener.replaceAll('.', '\\.')} held by node pid ${process.pid}$`,
    );
    const incident = await waitForExplainedIncident(url, cause);
    const summaries = incident.changes.map((change) => change.summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^nginx upgraded 1\.22\.1-9\+deb12u11 -> 1\.22\.1-9\+deb12u12 by unattended-upgrades /,
        ),
        expect.stringMatching(/ drifted from the baseline accepted /),
        expect.stringMatching(
          new RegExp(`^${listener.replaceAll('.', '\\.')} .*held by node \\(pid ${process.pid}\\b`),
        ),
      ]),
    );

    const writeup = await fetch(`${url}/api/v1/incidents/${encodeURIComponent(incident.id)}/writeup`);
    expect(writeup.status).toBe(200);
    const markdown = await writeup.text();
    expect(markdown).toContain('**Likely cause**');
    const squatterLine = summaries.find((line) => line.includes(`pid ${process.pid}`)) ?? '';
    expect(markdown).toContain(squatterLine);

    // The outside view: every target failing for a few rounds, more than the page policy needs to open.
    await waitForFailingRounds(url, 4);
    expect(await running.stop()).toBe(0);

    const logged = [...running.stderr().matchAll(/^frontdoor agent: #(\d+) /gm)].map((m) => Number(m[1]));
    const stored = hostEvents(await timeline(url)).map((event) => event.sequence);
    expect(stored).toEqual(logged);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.every((n, i) => i === 0 || n === (stored[i - 1] ?? 0) + 1)).toBe(true);
    expect(hostEvents(entries).map((e) => e.type)).toEqual(
      expect.arrayContaining(['agent_started', 'package_changed', 'config_drift_appeared']),
    );
    // Stopped, serve sends nothing more: what the webhook holds now is all it will ever get from this outage.
    expect((await (serve as ServeProcess).stop('SIGTERM')).code).toBe(0);

    const received = (hook as HttpReceiver).requests.map((request) => ({
      key: String(request.headers['idempotency-key']),
      body: JSON.parse(request.body) as IncidentNotification,
    }));
    const keys = received.map((request) => request.key);
    expect(new Set(keys).size).toBe(keys.length);
    // The page goes out after the spool arrived (the opening names the cause) or before it (a `cause`
    // message follows, incident-runner.test.ts): either way one message names it, and once.
    const naming = received.filter(
      ({ body }) => body.incidentId === incident.id && cause.test(body.incident.likelyCause ?? ''),
    );
    expect(naming).toHaveLength(1);
    const [told] = naming;
    expect(['opened', 'cause']).toContain(told?.body.kind);
    expect(told?.body.incident.changes?.some((change) => change.line === squatterLine)).toBe(true);
    expect(incident.notifications.map((n) => n.key)).toContain(told?.key);
  });
});
