import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAppBackend } from '../../../src/lab/app-backend.js';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { expectOneLineUsageError, runBuiltCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import {
  openDoor,
  renderDoorsBlock,
  SHOP_HOST,
  useGateServers,
  useGateWorkDir,
  writeDoorsConfig,
} from './gate-lab.js';

const workDir = useGateWorkDir('frontdoor-verify-cli-');

describe('frontdoor verify: usage errors', () => {
  it('rejects --during without a command', async () => {
    const address = allocateLoopbackAddress();
    const line = expectOneLineUsageError(await runBuiltCli(['verify', `http://${address}/`, '--during']));
    expect(line).toContain("--during takes the deploy command after '--'");
  });

  it('rejects a bad duration, naming the flag', async () => {
    const address = allocateLoopbackAddress();
    const line = expectOneLineUsageError(
      await runBuiltCli(['verify', `http://${address}/`, '--within', 'a while']),
    );
    expect(line).toContain('--within');
  });

  it('refuses an unwritable --junit path with FD_ERR_IO before probing', async () => {
    const address = allocateLoopbackAddress();
    const line = expectOneLineUsageError(
      await runBuiltCli(['verify', `http://${address}/`, '--junit', 'no/such/dir/junit.xml'], {
        cwd: workDir(),
      }),
    );
    expect(line).toBe(
      'frontdoor verify: cannot write no/such/dir/junit.xml: no such file or directory (ENOENT)',
    );
  });
});

const tools = requireTools(['nginx']);

describe.skipIf(tools.skip)('frontdoor verify against nginx on loopback', () => {
  const { servers, apps } = useGateServers();

  async function serve(block: string): Promise<NginxServer> {
    const nginx = await startNginx({ httpBlock: block });
    servers.push(nginx);
    return nginx;
  }

  it('passes a healthy fleet: every hostname on the edge and both origins, JUnit clean, summary written', async () => {
    const app = await startAppBackend({ version: '2.0.0' });
    apps.push(app);
    const doors = [await openDoor(), await openDoor()];
    await serve(renderDoorsBlock({ doors, upstream: app }));
    const config = join(workDir(), 'healthy.yaml');
    await writeDoorsConfig(config, doors);

    const run = await runBuiltCli(
      [
        'verify',
        '-c',
        config,
        '--expect-version',
        '2.0.0',
        '--junit',
        'healthy.xml',
        '--summary',
        'healthy.md',
      ],
      { cwd: workDir() },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('gate: passed');
    expect(run.stdout.match(/^ok\s/gm)).toHaveLength(6);
    // 6 targets x a burst of 10 reached the app through nginx
    expect(app.requestCount()).toBe(60);
    const junit = await readFile(join(workDir(), 'healthy.xml'), 'utf8');
    expect(junit).toContain('tests="6" failures="0"');
    expect(junit).toContain(`name="${SHOP_HOST} via web2"`);
    const summary = await readFile(join(workDir(), 'healthy.md'), 'utf8');
    expect(summary).toContain('## ✅ frontdoor verify passed');
    expect(summary).toContain('6 of 6 targets passed a burst of 10');
  });

  it('fails a burst on a flapping backend and names k of N', async () => {
    const app = await startAppBackend({ mode: { kind: 'flapping', failRatio: 0.2 } });
    apps.push(app);
    const door = await openDoor();
    await serve(renderDoorsBlock({ doors: [door], upstream: app }));

    const url = `http://${SHOP_HOST}:${door.port}/health`;
    const run = await runBuiltCli(
      ['verify', url, '--connect-to', door.address, '--json', '--summary', 'flapping.md'],
      { cwd: workDir() },
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    // failRatio 0.2 fails the app's 5th and 10th request of the burst of 10
    expect(report.results[0]).toMatchObject({ verdict: 'intermittent', burst: { size: 10, failed: 2 } });
    expect(report.results[0].summary).toContain('2 of 10 requests failed (app_error)');
    expect(report.gate).toMatchObject({ mode: 'burst', ok: false, rounds: 1, burst: 10 });
    const summary = await readFile(join(workDir(), 'flapping.md'), 'utf8');
    expect(summary).toContain('## ❌ frontdoor verify failed');
    expect(summary).toContain('2 of 10 requests failed');
  });

  it('fails a version that did not land with wrong_version', async () => {
    const app = await startAppBackend({ mode: { kind: 'wrong_version', version: '1.9.0' } });
    apps.push(app);
    const door = await openDoor();
    await serve(renderDoorsBlock({ doors: [door], upstream: app }));

    const url = `http://${SHOP_HOST}:${door.port}/health`;
    const run = await runBuiltCli(
      ['verify', url, '--connect-to', door.address, '--expect-version', '2.0.0', '--junit', 'version.xml'],
      { cwd: workDir() },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^wrong_version\s+content\s+200/m);
    const junit = await readFile(join(workDir(), 'version.xml'), 'utf8');
    expect(junit).toContain('tests="1" failures="1"');
    expect(junit).toContain('<failure message="wrong_version"');
    expect(junit).toContain('1.9.0');
  });

  it('measures the outage of a deploy that restarts nginx with a gap, and fails the gate', async () => {
    const door = await openDoor();
    const block = renderDoorsBlock({ doors: [door], version: 'v2' });
    let nginx = await serve(block);
    const control = await mkdtemp(join(tmpdir(), 'frontdoor-verify-restart-'));
    // The deploy asks the test to stop nginx, waits 1 s, asks for a start, and waits until it serves.
    const script = [
      `echo > ${control}/stop`,
      `while [ ! -e ${control}/stopped ]; do sleep 0.02; done`,
      'echo nginx stopped; sleep 1',
      `echo > ${control}/start`,
      `while [ ! -e ${control}/started ]; do sleep 0.02; done`,
      'echo nginx started',
    ].join('; ');
    const url = `http://${SHOP_HOST}:${door.port}/health`;
    const running = runBuiltCli(
      [
        'verify',
        url,
        '--connect-to',
        door.address,
        '--interval',
        '100ms',
        '--json',
        '--during',
        '--',
        'sh',
        '-c',
        script,
      ],
      { cwd: workDir() },
    );
    let stopBegan = 0;
    let serving = 0;
    let done = false;
    void running.finally(() => {
      done = true;
    });
    const exists = (name: string) =>
      readFile(join(control, name)).then(
        () => true,
        () => false,
      );
    try {
      while (!done && serving === 0) {
        if (stopBegan === 0 && (await exists('stop'))) {
          stopBegan = Date.now();
          await nginx.stop();
          servers.splice(servers.indexOf(nginx), 1);
          await writeFile(join(control, 'stopped'), '');
        }
        if (stopBegan > 0 && (await exists('start'))) {
          nginx = await serve(block);
          serving = Date.now();
          await writeFile(join(control, 'started'), '');
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const run = await running;
      expect(run.stderr).toContain('deploy| nginx stopped');
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout);
      const [watched] = report.gate.deploy.perTarget;
      const outageMs = serving - stopBegan;
      expect(outageMs).toBeGreaterThanOrEqual(1000);
      expect(watched.failed).toBeGreaterThan(0);
      // the window covers the sleep inside the outage, and is no longer than the outage plus two intervals
      expect(watched.longestGapMs).toBeGreaterThanOrEqual(1000 - 100);
      expect(watched.longestGapMs).toBeLessThanOrEqual(outageMs + 2 * 100 + 300);
      const gapStart = Date.parse(watched.gapStartedAt);
      expect(gapStart).toBeGreaterThanOrEqual(stopBegan - 150);
      expect(gapStart).toBeLessThanOrEqual(serving - 900);
      expect(report.gate.deploy.exitCode).toBe(0);
      // nginx is back, so the final burst passes: the downtime alone fails the gate
      expect(report.results[0].verdict).toBe('ok');
      expect(report.gate.reasons).toEqual([
        expect.stringContaining(`requests failed during the deploy, longest gap`),
      ]);
    } finally {
      await rm(control, { recursive: true, force: true });
    }
  }, 30_000);

  it('reports zero failed requests for a deploy that reloads nginx gracefully', async () => {
    const door = await openDoor();
    const nginx = await serve(renderDoorsBlock({ doors: [door], version: 'v2' }));
    const url = `http://${SHOP_HOST}:${door.port}/health`;
    const run = await runBuiltCli(
      [
        'verify',
        url,
        '--connect-to',
        door.address,
        '--interval',
        '50ms',
        '--json',
        '--during',
        '--',
        'sh',
        '-c',
        `sleep 0.3; kill -HUP ${nginx.pid}; sleep 1`,
      ],
      { cwd: workDir() },
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(true);
    const [watched] = report.gate.deploy.perTarget;
    expect(watched.sent).toBeGreaterThanOrEqual(10);
    expect(watched).toMatchObject({ failed: 0, longestGapMs: 0, gapStartedAt: null });
  }, 30_000);

  it('fails the gate when the deploy command exits non-zero', async () => {
    const door = await openDoor();
    await serve(renderDoorsBlock({ doors: [door], version: 'v2' }));
    const url = `http://${SHOP_HOST}:${door.port}/health`;
    const run = await runBuiltCli(
      [
        'verify',
        url,
        '--connect-to',
        door.address,
        '--junit',
        'deploy-failed.xml',
        '--during',
        '--',
        process.execPath,
        '-e',
        'console.log("migration failed"); process.exit(3)',
      ],
      { cwd: workDir() },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('deploy| migration failed');
    expect(run.stdout).toMatch(/^ok\s/m);
    expect(run.stdout).toContain('deploy command failed with exit code 3');
    const junit = await readFile(join(workDir(), 'deploy-failed.xml'), 'utf8');
    expect(junit).toContain('<failure message="exit code 3"');
  }, 30_000);
});
