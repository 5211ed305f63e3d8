import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PostJson } from '../agent/post-json.js';
import { readSnapshot } from '../agent/snapshot-fixtures.test-helper.js';
import type { AgentHostSettings, CheckHost } from '../agent/take-host-snapshot.js';
import { FrontdoorError } from '../errors.js';
import { createFakeClock } from '../gate/fake-clock.test-helper.js';
import { type HostEvent, hostEventBatchSchema } from '../incidents/host-event.js';
import { type AgentCommandDependencies, createAgentCommand } from './agent-command.js';
import { captureIo } from './capture-io.test-helper.js';

const TOKEN = 'fdt_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
const CONFIG = `origins:
  web1: 10.0.0.11
  web2: 10.0.0.12
sites:
  shop: { url: https://shop.example.com/health, origins: [web1, web2] }
host:
  listeners: { "443": nginx }
  nginx_config: nginx/nginx.conf
  state_dir: state
`;

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function setup(options: { post?: PostJson; stopAfterChecks?: number } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-agent-command-'));
  dirs.push(dir);
  await writeFile(join(dir, 'frontdoor.yaml'), CONFIG);
  const received: HostEvent[] = [];
  const hostSettings: AgentHostSettings[] = [];
  let stop: () => void = () => {};
  let checks = 0;
  const post: PostJson =
    options.post ??
    (async (_url, body) => {
      received.push(...hostEventBatchSchema.parse(JSON.parse(body)).events);
      return { ok: true, status: 200, body: '' };
    });
  const clock = createFakeClock(Date.UTC(2026, 10, 23, 6, 10, 30));
  const deps: AgentCommandDependencies = {
    clock,
    sleep: async (ms, signal) => {
      await new Promise((resolve) => setImmediate(resolve));
      await clock.sleep(ms, signal);
    },
    random: () => 0.5,
    post,
    onStop: (handler) => {
      stop = handler;
      return () => {
        stop = () => {};
      };
    },
    hostname: () => 'web1.example.com',
    addresses: () => ['127.0.0.1'],
    isRoot: () => true,
    createCheckHost: (settings): CheckHost => {
      hostSettings.push(settings);
      return async () => {
        checks += 1;
        if (checks === options.stopAfterChecks) stop();
        return { snapshot: readSnapshot(checks === 1 ? '1-before' : '3-openvpn-holds-443'), changes: [] };
      };
    },
  };
  return { dir, deps, received, hostSettings, checks: () => checks };
}

async function usage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.catch((caught: unknown) => caught);
  if (!(error instanceof FrontdoorError) || error.code !== 'FD_ERR_USAGE') throw error;
  return error.message;
}

describe('frontdoor agent', () => {
  it('finds its origin by hostname, reads the host settings from the file, and sends its first check', async () => {
    const { dir, deps, received, hostSettings } = await setup();
    const io = captureIo({ cwd: dir, env: { FRONTDOOR_TOKEN: TOKEN, PATH: '/usr/sbin' } });
    const status = await createAgentCommand(deps)(
      [
        '--server',
        'http://127.0.0.1:9470',
        '-c',
        'frontdoor.yaml',
        '--listener',
        'unix:/run/php/php8.2-fpm.sock=php-fpm',
        '--once',
      ],
      io,
    );
    expect(status).toBe(0);
    expect(io.err()).toContain('frontdoor agent: origin web1 (from hostname), token from FRONTDOOR_TOKEN\n');
    expect(received.map((e) => [e.type, e.origin])).toEqual([['agent_started', 'web1']]);
    expect(hostSettings[0]).toMatchObject({
      nginxConfig: join(dir, 'nginx/nginx.conf'),
      stateDir: join(dir, 'state'),
      logDir: '/var/log',
      pathVariable: '/usr/sbin',
    });
    expect(hostSettings[0]?.expected.map((e) => `${e.key}=${e.owner}`)).toEqual([
      '443=nginx',
      'unix:/run/php/php8.2-fpm.sock=php-fpm',
    ]);
    // The spool defaults to STATE_DIR/agent.
    expect((await readdir(join(dir, 'state/agent'))).sort()).toEqual(['events.jsonl', 'state.json']);
    expect(io.err()).not.toContain(TOKEN);
  });

  it("reads the watch's file with its environment variables, without the pager key it never uses", async () => {
    const { dir, deps, received } = await setup();
    const shared = [
      CONFIG.replace('web1: 10.0.0.11', 'web1: "$' + '{WEB1_ADDRESS}"'),
      'alerts:',
      '  channels:',
      '    oncall: { type: pagerduty, routing_key: "$' + '{PD_ROUTING_KEY}" }',
      '',
    ];
    await writeFile(join(dir, 'frontdoor.yaml'), shared.join('\n'));
    const io = captureIo({ cwd: dir, env: { FRONTDOOR_TOKEN: TOKEN, WEB1_ADDRESS: '10.0.0.11' } });
    const argv = ['--server', 'http://127.0.0.1:9470', '-c', 'frontdoor.yaml', '--once'];
    expect(await createAgentCommand(deps)(argv, io)).toBe(0);
    expect(received.map((e) => [e.type, e.origin])).toEqual([['agent_started', 'web1']]);
  });

  it('exits 1 under --once when the watch is away, with the events kept for the next run', async () => {
    const { dir, deps } = await setup({
      post: async () => ({ ok: false, code: 'refused', detail: 'ECONNREFUSED' }),
    });
    await writeFile(join(dir, 'token'), TOKEN, { mode: 0o600 });
    const io = captureIo({ cwd: dir });
    const argv = [
      '--server',
      'http://127.0.0.1:9470',
      '--token-file',
      'token',
      '--origin',
      'edge-1',
      '--spool',
      'spool',
      '--once',
    ];
    expect(await createAgentCommand(deps)(argv, io)).toBe(1);
    expect(io.err()).toContain('frontdoor agent: events wait in the spool for the next run\n');
    expect(io.err()).toContain(
      'frontdoor agent: warning: no listeners to watch (host.listeners or --listener): socket and owner changes are not reported\n',
    );
  });

  it('runs until told to stop, then exits 0', async () => {
    const { dir, deps, received, checks } = await setup({ stopAfterChecks: 2 });
    const io = captureIo({ cwd: dir, env: { FRONTDOOR_TOKEN: TOKEN } });
    const argv = ['--server', 'http://127.0.0.1:9470', '-c', 'frontdoor.yaml', '--interval', '5s'];
    expect(await createAgentCommand(deps)(argv, io)).toBe(0);
    expect(checks()).toBe(2);
    expect(received.map((e) => e.type)[0]).toBe('agent_started');
  });

  it('refuses to start without a server, a token or an origin it can name', async () => {
    const { dir, deps } = await setup();
    const run = (argv: string[], env: Record<string, string> = { FRONTDOOR_TOKEN: TOKEN }) =>
      usage(createAgentCommand(deps)(argv, captureIo({ cwd: dir, env })));
    expect(await run(['--once'])).toBe(
      "frontdoor agent: --server URL is required; see 'frontdoor agent --help'",
    );
    expect(await run(['--server', 'http://127.0.0.1:9470', '--once'], {})).toBe(
      'frontdoor agent: a token is required: --token-file FILE, FRONTDOOR_TOKEN or --token',
    );
    expect(await run(['--server', 'http://127.0.0.1:9470', '--once'])).toBe(
      'frontdoor agent: without -c, --origin NAME is required (the origin this host is in the watch)',
    );
    expect(await run(['--server', 'http://127.0.0.1:9470', '-c', 'frontdoor.yaml', '--origin', 'web9'])).toBe(
      "frontdoor agent: --origin 'web9' is not among the configuration's origins (web1, web2)",
    );
    expect(
      await run(['--server', 'http://127.0.0.1:9470', '--origin', 'web1', '--interval', 'soon']),
    ).toMatch(/^frontdoor agent: --interval: 'soon' is not a duration/);
    expect(await run(['--server', 'http://127.0.0.1:9470', '--origin', 'web1', 'extra'])).toMatch(
      /^frontdoor agent: unexpected argument 'extra'/,
    );
  });
});
