import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../src/incidents/host-event.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { type PortSquatter, startPortSquatter } from '../../../src/lab/port-squatter.js';
import { buildCli, runBuiltCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import { type AgentProcess, startAgentProcess, waitFor } from './agent-process.js';
import { startWatchReceiver, type WatchReceiver } from './watch-receiver.js';

const tools = requireTools(['nginx']);
const TOKEN = 'fdt_agentlabtoken0123456789abcdefghijklmnopqrs';

/** "2026-11-23  06:11:00" as apt writes it: local time, no zone. */
function aptTime(date: Date, separator = '  '): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}${separator}${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

describe.skipIf(tools.skip)('frontdoor agent against the lab', () => {
  let dir = '';
  let nginx: NginxServer | undefined;
  let squatter: PortSquatter | undefined;
  let receiver: WatchReceiver | undefined;
  let agent: AgentProcess | undefined;
  let address = '';
  let port = 0;

  beforeAll(buildCli);

  afterEach(async () => {
    await agent?.stop();
    await squatter?.close();
    await nginx?.stop();
    await receiver?.stop();
    agent = squatter = nginx = receiver = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * The lab origin: nginx on a fresh loopback address, a configuration whose host section expects nginx
   * there, a token file, and apt and dpkg logs recording an unattended nginx upgrade five minutes ago.
   */
  async function setUpOrigin(): Promise<{ config: string; args: string[] }> {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-agent-lab-'));
    address = allocateLoopbackAddress();
    port = await findFreePort(address);
    nginx = await startNginx({ httpBlock: `server { listen ${address}:${port}; return 200 "ok\\n"; }` });
    const config = join(dir, 'frontdoor.yaml');
    await writeFile(
      config,
      `origins:\n  lab: "${address}:${port}"\nhost:\n  listeners: { "${address}:${port}": nginx }\n` +
        `  nginx_config: ${nginx.configPath}\n  state_dir: ${join(dir, 'state')}\n`,
    );
    const upgradedAt = new Date(Date.now() - 5 * 60_000);
    const dpkgAt = new Date(upgradedAt.getTime() + 3000);
    await mkdir(join(dir, 'log/apt'), { recursive: true });
    await writeFile(
      join(dir, 'log/apt/history.log'),
      `\nStart-Date: ${aptTime(upgradedAt)}\nCommandline: /usr/bin/unattended-upgrade\n` +
        'Upgrade: nginx:amd64 (1.22.1-9+deb12u11, 1.22.1-9+deb12u12)\n' +
        `End-Date: ${aptTime(dpkgAt)}\n`,
    );
    await writeFile(
      join(dir, 'log/dpkg.log'),
      `${aptTime(dpkgAt, ' ')} upgrade nginx:amd64 1.22.1-9+deb12u11 1.22.1-9+deb12u12\n`,
    );
    await writeFile(join(dir, 'token'), `${TOKEN}\n`, { mode: 0o600 });
    receiver = await startWatchReceiver();
    const args = [
      '--server',
      receiver.url,
      '--token-file',
      join(dir, 'token'),
      '-c',
      config,
      '--origin',
      'lab',
      '--log-dir',
      join(dir, 'log'),
      '--spool',
      join(dir, 'spool'),
    ];
    return { config, args };
  }

  /** nginx gone, the squatter (this test's own process) on its address and port: incident 000 on loopback. */
  async function squat(): Promise<void> {
    await nginx?.stop();
    nginx = undefined;
    squatter = await startPortSquatter({ address, port, behaviour: { kind: 'close' } });
  }

  /** The listener event that names this process (the squatter) as the holder, not nginx. */
  const squatted = (event: HostEvent) =>
    (event.type === 'listener_owner_changed' || event.type === 'socket_returned') &&
    event.verdict === 'wrong_listener' &&
    event.current.some((p) => p.pid === process.pid);

  const sequences = (events: readonly { sequence: number }[]) => events.map((e) => e.sequence);
  const contiguous = (numbers: readonly number[]) =>
    numbers.every((n, i) => i === 0 || n === (numbers[i - 1] ?? 0) + 1);

  it('sends the upgrade, then the squatter taking nginx’s port, in order, and stops on SIGTERM', async () => {
    const { args } = await setUpOrigin();
    const watch = receiver as WatchReceiver;
    agent = startAgentProcess([...args, '--interval', '250ms']);
    const logs = (agent as AgentProcess).stderr;
    await waitFor(
      'the first check',
      () => watch.events.some((e) => e.type === 'package_changed'),
      20_000,
      logs,
    );
    await squat();
    await waitFor('the squatter on the timeline', () => watch.events.some(squatted), 20_000, logs);
    expect(await agent.stop()).toBe(0);

    const types = watch.events.map((e) => e.type);
    expect(types[0]).toBe('agent_started');
    expect(watch.events[1]).toMatchObject({
      type: 'package_changed',
      origin: 'lab',
      package: 'nginx',
      action: 'upgrade',
      toVersion: '1.22.1-9+deb12u12',
      source: 'apt',
      actor: 'unattended-upgrades',
    });
    expect(types.filter((t) => t === 'package_changed')).toHaveLength(1);
    const taken = watch.events.find(squatted);
    expect(taken).toMatchObject({ listener: `${address}:${port}`, expectedOwner: 'nginx', origin: 'lab' });
    if (taken?.type === 'listener_owner_changed') {
      expect(taken.previous.map((p) => p.name)).toContain('nginx');
    }
    expect(contiguous(sequences(watch.events))).toBe(true);
    expect(watch.duplicates).toBe(0);
    expect(new Set(watch.batches.map((b) => b.authorization))).toEqual(new Set([`Bearer ${TOKEN}`]));
    expect(logs()).not.toContain(TOKEN);
  });

  it('loses nothing and duplicates nothing while the watch is down for a while', async () => {
    const { args } = await setUpOrigin();
    const watch = receiver as WatchReceiver;
    agent = startAgentProcess([...args, '--interval', '250ms']);
    const logs = (agent as AgentProcess).stderr;
    await waitFor(
      'the first check',
      () => watch.events.some((e) => e.type === 'agent_started'),
      20_000,
      logs,
    );
    await watch.stop();
    await squat();
    // The change is committed to the spool and delivery has failed at least once.
    await waitFor(
      'the squatter in the spool',
      () => /wrong_listener|held by node/.test(logs()),
      20_000,
      logs,
    );
    await waitFor('a failed delivery', () => logs().includes('cannot deliver to'), 20_000, logs);
    await watch.start();
    await waitFor('the squatter on the timeline', () => watch.events.some(squatted), 30_000, logs);
    expect(await agent.stop()).toBe(0);

    const logged = [...logs().matchAll(/^frontdoor agent: #(\d+) /gm)].map((m) => Number(m[1]));
    expect(sequences(watch.events)).toEqual(logged);
    expect(contiguous(logged)).toBe(true);
    expect(watch.duplicates).toBe(0);
    const sent = watch.batches.flatMap((b) => b.sequences);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(logs()).toMatch(/delivering again after \d+ failed attempts/);
  });

  it('resumes its numbering and its spool across runs, and sends drift with its diff', async () => {
    const { config, args } = await setUpOrigin();
    const watch = receiver as WatchReceiver;
    const baseline = await runBuiltCli(['host', 'baseline', '-c', config]);
    expect(baseline.code).toBe(0);
    await watch.stop();

    const first = await runBuiltCli(['agent', ...args, '--once']);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('events wait in the spool for the next run');
    const nginxConfig = (nginx as NginxServer).configPath;
    await appendFile(nginxConfig, '# tuned by hand at 03:00\n');
    const second = await runBuiltCli(['agent', ...args, '--once']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/\(2 events waiting\)/);

    await watch.start();
    const third = await runBuiltCli(['agent', ...args, '--once']);
    expect(third.code).toBe(0);
    expect(watch.events.map((e) => e.type)).toEqual([
      'agent_started',
      'package_changed',
      'config_drift_appeared',
    ]);
    const drift = watch.events[2];
    expect(drift?.type === 'config_drift_appeared' && drift.diff).toContain('+# tuned by hand at 03:00');
    expect(drift).toMatchObject({ config: nginxConfig, changed: [nginxConfig] });
    expect(contiguous(sequences(watch.events))).toBe(true);
    expect(watch.duplicates).toBe(0);

    // Nothing new: nothing sent, and the spool is empty.
    const fourth = await runBuiltCli(['agent', ...args, '--once']);
    expect(fourth.code).toBe(0);
    expect(watch.events).toHaveLength(3);
    expect(await readFile(join(dir, 'spool/events.jsonl'), 'utf8')).toBe('');
  });
});
