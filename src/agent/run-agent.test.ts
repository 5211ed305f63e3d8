import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sleep } from '../gate/clock.js';
import { createFakeClock } from '../gate/fake-clock.test-helper.js';
import type { FlaggedChange } from '../host/host-report.js';
import { type HostEvent, hostEventBatchSchema } from '../incidents/host-event.js';
import type { PostJson, PostOutcome } from './post-json.js';
import { type AgentDependencies, type AgentSettings, runAgent } from './run-agent.js';
import { readSnapshot } from './snapshot-fixtures.test-helper.js';
import type { CheckHost } from './take-host-snapshot.js';

const START = Date.UTC(2026, 10, 23, 6, 10, 30);
const upgrade: FlaggedChange = {
  time: new Date(START - 60_000),
  package: 'nginx',
  action: 'upgrade',
  fromVersion: '1.22.1-9+deb12u11',
  toVersion: '1.22.1-9+deb12u12',
  source: 'apt',
  commandline: '/usr/bin/unattended-upgrade',
  frontDoor: 'the reverse proxy itself',
};

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function settings(overrides: Partial<AgentSettings> = {}): Promise<AgentSettings> {
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-run-agent-'));
  dirs.push(dir);
  return {
    origin: 'web1',
    eventsUrl: new URL('http://127.0.0.1:9470/api/v1/events'),
    token: 'fdt_token',
    intervalMs: 30_000,
    once: true,
    spoolDir: join(dir, 'spool'),
    spoolMaxBytes: 1024 * 1024,
    hostname: 'web1.example.com',
    root: true,
    ...overrides,
  };
}

/** A watch stand-in that keeps one copy of each (origin, sequence), as the server will; `down` refuses. */
function createWatch() {
  const received: HostEvent[] = [];
  const state = { down: false };
  const post: PostJson = async (_url, body): Promise<PostOutcome> => {
    if (state.down) return { ok: false, code: 'refused', detail: 'ECONNREFUSED' };
    const batch = hostEventBatchSchema.parse(JSON.parse(body));
    for (const event of batch.events) {
      if (!received.some((e) => e.sequence === event.sequence)) received.push(event);
    }
    return { ok: true, status: 200, body: '' };
  };
  return { received, state, post };
}

/** The host as the recorded snapshots of incident 000 show it, one per check (the last one repeats). */
function scriptedHost(names: string[], changes: FlaggedChange[] = [upgrade]) {
  const calls: { packagesSince: Date; now: Date }[] = [];
  const checkHost: CheckHost = async (packagesSince, now) => {
    calls.push({ packagesSince, now });
    const name = names[Math.min(calls.length - 1, names.length - 1)] ?? '1-before';
    return { snapshot: readSnapshot(name), changes };
  };
  return { checkHost, calls };
}

function deps(checkHost: CheckHost, post: PostJson, sleep?: Sleep) {
  const clock = createFakeClock(START);
  const lines: string[] = [];
  const value: AgentDependencies = {
    clock,
    sleep: sleep ?? clock.sleep,
    random: () => 0.5,
    post,
    checkHost,
    log: (line) => lines.push(line),
  };
  return { value, lines, clock };
}

describe('runAgent --once', () => {
  it('starts by saying where it stands and what the last 2 hours of package logs hold', async () => {
    const watch = createWatch();
    const host = scriptedHost(['1-before']);
    const agent = deps(host.checkHost, watch.post);
    expect(await runAgent(await settings(), agent.value, new AbortController().signal)).toEqual({
      delivered: true,
    });
    expect(host.calls[0]?.packagesSince).toEqual(new Date(START - 2 * 3_600_000));
    expect(watch.received.map((e) => e.type)).toEqual(['agent_started', 'package_changed']);
    expect(watch.received[0]).toMatchObject({
      origin: 'web1',
      sequence: START,
      resumed: false,
      nginxTest: 'passed',
    });
    expect(agent.lines).toContain(
      `#${START + 1} package_changed: nginx upgraded 1.22.1-9+deb12u11 -> 1.22.1-9+deb12u12 by unattended-upgrades at ${upgrade.time.toISOString()}`,
    );
  });

  it('keeps events in the spool while the watch is away and sends them, in order and once, from the next run', async () => {
    const watch = createWatch();
    const base = await settings();
    watch.state.down = true;
    const first = deps(scriptedHost(['1-before']).checkHost, watch.post);
    expect(await runAgent(base, first.value, new AbortController().signal)).toEqual({ delivered: false });
    const second = deps(scriptedHost(['3-openvpn-holds-443']).checkHost, watch.post);
    expect(await runAgent(base, second.value, new AbortController().signal)).toEqual({ delivered: false });
    expect(watch.received).toEqual([]);

    watch.state.down = false;
    const third = deps(scriptedHost(['3-openvpn-holds-443']).checkHost, watch.post);
    expect(await runAgent(base, third.value, new AbortController().signal)).toEqual({ delivered: true });
    expect(watch.received.map((e) => `${e.sequence - START} ${e.type}`)).toEqual([
      '0 agent_started',
      '1 package_changed',
      '2 listener_owner_changed',
      '3 socket_disappeared',
    ]);
    expect(third.lines[0]).toMatch(/\(4 events waiting\)$/);
  });
});

/** Waits (in real time, bounded) for what other async work is doing to show. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 5000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('runAgent until stopped', () => {
  it('checks every interval, delivers each change once and in order across an outage, and stops on abort', async () => {
    const watch = createWatch();
    const stop = new AbortController();
    const host = scriptedHost([
      '1-before',
      '2-nginx-restarted',
      '3-openvpn-holds-443',
      '3-openvpn-holds-443',
    ]);
    const checkHost: CheckHost = async (since, now) => {
      // The watch is down from the second check to the third: the restart and the squatter wait in the spool.
      watch.state.down = host.calls.length === 1 || host.calls.length === 2;
      if (host.calls.length === 4) {
        // The fifth check stops the agent once the sender, retrying meanwhile, has delivered the backlog.
        await until(() => watch.received.length === 5);
        stop.abort();
      }
      return host.checkHost(since, now);
    };
    const clock = createFakeClock(START);
    const sleeps: number[] = [];
    const sleep: Sleep = async (ms, signal) => {
      sleeps.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
      await clock.sleep(ms, signal);
    };
    const lines: string[] = [];
    const result = await runAgent(
      await settings({ once: false }),
      { clock, sleep, random: () => 0.5, post: watch.post, checkHost, log: (line) => lines.push(line) },
      stop.signal,
    );
    expect(host.calls.length).toBe(5);
    expect(watch.received.map((e) => e.type)).toEqual([
      'agent_started',
      'package_changed',
      'service_restarted',
      'listener_owner_changed',
      'socket_disappeared',
    ]);
    const numbers = watch.received.map((e) => e.sequence);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(result).toEqual({ delivered: true });
    expect(lines.some((line) => line.startsWith('cannot deliver to http://127.0.0.1:9470: refused'))).toBe(
      true,
    );
    // Checks start an interval apart; retries wait 0.75 s, 1.5 s, ... (equal jitter at 0.5) meanwhile.
    expect(sleeps).toContain(30_000);
    expect(sleeps).toContain(750);
  });
});
