import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type AppBackend, startAppBackend } from '../../../src/lab/app-backend.js';
import { startNginx } from '../../../src/lab/nginx-server.js';
import { CLI_PATH, runBuiltCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import { openDoor, renderDoorsBlock, SHOP_HOST, useGateServers, useGateWorkDir } from './gate-lab.js';

const tools = requireTools(['nginx']);

const workDir = useGateWorkDir('frontdoor-verify-rollout-');

/** Whether a process is gone; a zombie waiting for init to reap it counts as gone. */
async function isGone(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat === undefined || /^\d+ \(.*\) Z /.test(stat);
}

describe.skipIf(tools.skip)('frontdoor verify during a rollout, against nginx on loopback', () => {
  const { servers, apps } = useGateServers();

  /** nginx on a fresh door, proxying the shop to `app`; returns the door's address and the shop's URL there */
  async function serveApp(app: AppBackend): Promise<{ address: string; url: string }> {
    apps.push(app);
    const door = await openDoor();
    servers.push(await startNginx({ httpBlock: renderDoorsBlock({ doors: [door], upstream: app }) }));
    return { address: door.address, url: `http://${SHOP_HOST}:${door.port}/health` };
  }

  it('--within retries while the backend flaps and passes once it passed twice in a row', async () => {
    const app = await startAppBackend({ mode: { kind: 'flapping', failRatio: 0.2 } });
    const { address, url } = await serveApp(app);
    const running = runBuiltCli(
      ['verify', url, '--connect-to', address, '--within', '20s', '--interval', '200ms', '--json'],
      { cwd: workDir() },
    );
    // The first burst of 10 meets requests 5 and 10 of the flapping backend; then the rollout "lands".
    while (app.requestCount() < 10) await sleep(10);
    app.setMode({ kind: 'healthy' });
    const run = await running;
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^frontdoor verify: round 1: 0\/1 targets passing/m);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(true);
    expect(report.gate).toMatchObject({ mode: 'within', ok: true, settled: true, withinMs: 20_000 });
    expect(report.gate.rounds).toBeGreaterThanOrEqual(3);
    expect(report.results[0].verdict).toBe('ok');
  }, 30_000);

  it('--within fails with the last round when the backend never settles in time', async () => {
    const app = await startAppBackend({ mode: { kind: 'flapping', failRatio: 0.2 } });
    const { address, url } = await serveApp(app);
    const run = await runBuiltCli(
      ['verify', url, '--connect-to', address, '--within', '1s', '--interval', '200ms', '--json'],
      { cwd: workDir() },
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.gate).toMatchObject({ mode: 'within', ok: false, settled: false });
    expect(report.gate.rounds).toBeGreaterThanOrEqual(2);
    expect(report.results[0].verdict).toBe('intermittent');
    expect(report.gate.reasons[0]).toMatch(/^final check after \d+ rounds: 1 of 1 targets failed/);
  }, 30_000);

  it('Ctrl-C stops the deploy command and everything it started, and fails the gate', async () => {
    const app = await startAppBackend({ version: 'v2' });
    const { address, url } = await serveApp(app);
    const pidFile = join(workDir(), 'background.pid');
    const child = spawn(
      process.execPath,
      [
        CLI_PATH,
        'verify',
        url,
        '--connect-to',
        address,
        '--json',
        '--during',
        '--',
        'sh',
        '-c',
        `sleep 30 & echo $! > ${pidFile}; echo started; wait`,
      ],
      { cwd: workDir(), env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    const deadline = setTimeout(() => child.kill('SIGKILL'), 20_000);
    let background: number | undefined;
    try {
      while (!stderr.includes('deploy| started')) await sleep(20);
      background = Number((await readFile(pidFile, 'utf8')).trim());
      child.kill('SIGINT');
      expect(await closed).toBe(1);
      expect(stderr).toContain('frontdoor verify: interrupted; stopping the deploy command and the probing');
      const report = JSON.parse(stdout);
      expect(report.gate).toMatchObject({ ok: false, interrupted: true, rounds: 0 });
      expect(report.gate.deploy).toMatchObject({ signal: 'SIGTERM', interrupted: true });
      expect(report.results).toEqual([]);
      // the deploy's own background process went with it (the whole process group was signalled)
      for (let waited = 0; !(await isGone(background)) && waited < 2000; waited += 50) await sleep(50);
      expect(await isGone(background)).toBe(true);
    } finally {
      clearTimeout(deadline);
      child.kill('SIGKILL');
      // a failed run must not leave the deploy's background process behind either
      if (background !== undefined && !(await isGone(background))) process.kill(background, 'SIGKILL');
    }
  }, 30_000);
});
