import { spawn } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAppBackend } from '../../../src/lab/app-backend.js';
import { CLI_PATH, runBuiltCli } from '../cli/run-built-cli.js';
import { readPid, runningInGroup, startBuiltCli } from './deploy-processes.js';
import { useGateServers, useGateWorkDir } from './gate-lab.js';

const workDir = useGateWorkDir('frontdoor-verify-processes-');

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Polls `condition` every 50 ms; fails after 20 s so a hang is a failure, not a stalled run. */
async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function quoteForShell(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `verify --during` runs the deploy in a process group of its own and ends that whole group when the gate
 * is decided or frontdoor is interrupted: real shell scripts, real signals, and /proc to prove that nothing
 * the deploy started is left running.
 */
describe('frontdoor verify --during: the deploy process group', () => {
  const { apps } = useGateServers();

  async function healthyUrl(): Promise<string> {
    const app = await startAppBackend();
    apps.push(app);
    return `http://${app.address}:${app.port}/health`;
  }

  it('does not wait for a background child that holds the output pipes, and ends it', async () => {
    const url = await healthyUrl();
    const group = join(workDir(), 'background.pgid');
    // without the fix frontdoor waits for the sleep to close the pipes: 60 s, past the 20 s deadline below
    const run = await runBuiltCli(
      [
        'verify',
        url,
        '--burst',
        '2',
        '--interval',
        '50ms',
        '--during',
        '--',
        'sh',
        '-c',
        `echo $$ > ${group}; sleep 60 & echo deployed`,
      ],
      { timeoutMs: 20_000 },
    );
    expect(run.stderr).toContain('deploy| deployed');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('gate: passed');
    expect(await runningInGroup(await readPid(group))).toEqual([]);
  });

  it('sends SIGKILL after the grace period to a grandchild that ignores SIGTERM, the command having exited', async () => {
    const url = await healthyUrl();
    const dir = workDir();
    const group = join(dir, 'stubborn.pgid');
    // The grandchild ignores SIGTERM and holds no pipe of frontdoor's; the command itself dies on SIGTERM.
    const script = [
      `echo $$ > ${group}`,
      `sh -c 'trap "" TERM; exec sleep 60' > /dev/null 2>&1 &`,
      'echo started',
      'sleep 60',
    ].join('\n');
    const cli = startBuiltCli(['verify', url, '--during', '--', 'sh', '-c', script], { timeoutMs: 25_000 });
    await cli.stderrContains('deploy| started');
    cli.child.kill('SIGINT');
    const run = await cli.ended;
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('interrupted before the gate could finish');
    expect(await runningInGroup(await readPid(group))).toEqual([]);
  });

  it('handles SIGHUP like Ctrl-C: stops the deploy, reports, writes --junit and fails the gate', async () => {
    const url = await healthyUrl();
    const dir = workDir();
    const group = join(dir, 'hangup.pgid');
    const cli = startBuiltCli(
      [
        'verify',
        url,
        '--junit',
        'hangup.xml',
        '--during',
        '--',
        'sh',
        '-c',
        `echo $$ > ${group}; echo started; sleep 60`,
      ],
      { cwd: dir },
    );
    await cli.stderrContains('deploy| started');
    cli.child.kill('SIGHUP');
    const run = await cli.ended;
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('frontdoor verify: interrupted; stopping the deploy command');
    expect(run.stdout).toContain('gate: FAILED');
    expect(run.stdout).toContain('interrupted before the gate could finish');
    expect(await readFile(join(dir, 'hangup.xml'), 'utf8')).toContain('<failure message="signal SIGTERM"');
    expect(await runningInGroup(await readPid(group))).toEqual([]);
  });

  it('when its terminal hangs up, still stops the deploy and writes --junit though the terminal is gone', async () => {
    const url = await healthyUrl();
    const dir = workDir();
    const group = join(dir, 'terminal.pgid');
    const junit = join(dir, 'terminal.xml');
    const deploy = `echo $$ > ${group}; sleep 60`;
    const command = [process.execPath, CLI_PATH, 'verify', url, '--junit', junit, '--during', '--']
      .concat(['sh', '-c', deploy])
      .map(quoteForShell)
      .join(' ');
    // script(1) gives frontdoor a pseudo-terminal; killing script closes its master side: a real hangup,
    // after which every write to the terminal fails with EIO.
    const terminal = spawn('script', ['-qfec', command, '/dev/null'], { stdio: 'ignore' });
    try {
      await waitUntil(() => exists(group), 'the deploy to start');
      terminal.kill('SIGKILL');
      await waitUntil(() => exists(junit), 'frontdoor to write its JUnit report');
    } finally {
      terminal.kill('SIGKILL');
    }
    expect(await readFile(junit, 'utf8')).toContain('<failure message="signal SIGTERM"');
    const pgid = await readPid(group);
    await waitUntil(async () => (await runningInGroup(pgid)).length === 0, 'the deploy group to end');
  });

  it('streams output without newlines in bounded pieces, each prefixed', async () => {
    const url = await healthyUrl();
    const bytes = 16 * 1024 * 1024;
    const run = await runBuiltCli(
      [
        'verify',
        url,
        '--burst',
        '1',
        '--during',
        '--',
        'sh',
        '-c',
        `head -c ${bytes} /dev/zero | tr '\\000' '#'; echo; echo done`,
      ],
      { timeoutMs: 60_000 },
    );
    expect(run.code).toBe(0);
    const deployLines = run.stderr.split('\n').filter((line) => line.startsWith('deploy| '));
    const longest = Math.max(...deployLines.map((line) => line.length));
    expect(longest).toBeLessThanOrEqual('deploy| '.length + 8192);
    const hashes =
      deployLines.reduce((sum, line) => sum + line.length - 'deploy| '.length, 0) - 'done'.length;
    expect(hashes).toBe(bytes);
    expect(deployLines.at(-1)).toBe('deploy| done');
  }, 90_000);
});
