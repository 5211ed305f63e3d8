import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentNotification } from '../../../src/incidents/incident.js';
import { type HttpReceiver, startHttpReceiver } from '../../../src/lab/http-receiver.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { startNginx } from '../../../src/lab/nginx-server.js';
import { generateToken, hashToken } from '../../../src/server/auth/token-hash.js';
import type { TimelineEntry } from '../../../src/store/read-events.js';
import { runBuiltCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import { type ServeProcess, spawnServe } from '../watch/serve-process.js';
import { openDoor, renderDoorsBlock, useGateServers, useGateWorkDir, writeDoorsConfig } from './gate-lab.js';

const tools = requireTools(['nginx']);
const workDir = useGateWorkDir('frontdoor-failed-gate-');

/**
 * `frontdoor verify --report-to` against a real `frontdoor serve` watching the same origin: a deploy whose
 * gate failed is a change on the timeline, not an outage; an incident that starts within 30 minutes of it
 * carries it beside its cause, to the webhook and to the API.
 */
describe.skipIf(tools.skip)('a failed gate reported to the watch', () => {
  const { servers } = useGateServers();
  let serve: ServeProcess | undefined;
  let hook: HttpReceiver | undefined;
  afterEach(async () => {
    await serve?.stop('SIGTERM');
    await hook?.close();
    serve = hook = undefined;
  });

  it('opens nothing by itself, and is shown beside the incident that starts after it', async () => {
    const door = await openDoor();
    const nginx = await startNginx({ httpBlock: renderDoorsBlock({ doors: [door], version: 'v7' }) });
    servers.push(nginx);
    hook = await startHttpReceiver(() => ({ status: 200 }));
    const token = generateToken();
    const tokenFile = join(workDir(), 'ci.token');
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
    const config = join(workDir(), 'frontdoor.yaml');
    await writeDoorsConfig(config, [door]);
    await appendFile(
      config,
      [
        'watch: { interval: 500ms, burst: 1, timeout: 2s }',
        'alerts:',
        `  channels: { hook: { type: webhook, url: "${hook.origin}/frontdoor" } }`,
        '  policies: { page: { channels: [hook], failure-threshold: 2, success-threshold: 2 } }',
        '  retry: { base: 200ms, cap: 1s }',
        'api:',
        `  tokens: [{ name: ci, scope: deploy, hash: "${hashToken(token)}" }]`,
        '',
      ].join('\n'),
    );
    const address = allocateLoopbackAddress();
    serve = spawnServe(
      [
        '-c',
        config,
        '--store',
        `sqlite:${join(workDir(), 'watch.db')}`,
        '--listen',
        `${address}:${await findFreePort(address)}`,
      ],
      workDir(),
    );
    const url = await serve.url();

    // The deploy expected v8; every door still serves v7: the gate fails, and says so to the watch.
    const verify = await runBuiltCli(
      ['verify', '-c', config, '--expect-version', 'v8', '--report-to', url, '--token-file', tokenFile],
      { cwd: workDir() },
    );
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain(`frontdoor verify: deploy mark reported to ${url} (201)`);
    const timeline = (await (await fetch(`${url}/api/v1/events?origin=web1&since=1h`)).json()) as {
      events: Array<TimelineEntry & { line: string }>;
    };
    const marks = timeline.events.filter((entry) => entry.kind === 'deploy');
    expect(marks.map((entry) => entry.line)).toEqual([
      expect.stringMatching(/^deploy v8 failed its gate on web1: /),
    ]);

    // Serving v7 is no outage: many intervals later, nothing is open and nobody was paged.
    await sleep(4_000);
    const open = (await (await fetch(`${url}/api/v1/incidents?state=open`)).json()) as {
      incidents: unknown[];
    };
    expect(open.incidents).toEqual([]);
    expect(hook.requests).toEqual([]);

    // Then the origin's door shuts, minutes (here: seconds) after the failed deploy: the page carries it.
    await nginx.stop();
    servers.splice(servers.indexOf(nginx), 1);
    const opened = await pollForPage(hook);
    expect(opened.incident.failedGates?.map((gate) => gate.line)).toEqual([marks[0]?.line]);
    const dossier = (await (
      await fetch(`${url}/api/v1/incidents/${encodeURIComponent(opened.incidentId)}`)
    ).json()) as { changes: Array<{ summary: string }> };
    expect(dossier.changes.map((change) => change.summary)).toContain(marks[0]?.line);
  });
});

/** The first page the webhook heard, waiting up to 30 s for it. */
async function pollForPage(hook: HttpReceiver): Promise<IncidentNotification> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [first] = hook.requests;
    if (first !== undefined) return JSON.parse(first.body) as IncidentNotification;
    if (Date.now() > deadline) throw new Error('no page within 30 s');
    await sleep(200);
  }
}
