import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startNginx } from '../../../src/lab/nginx-server.js';
import { startWatchReceiver, type WatchReceiver } from '../agent/watch-receiver.js';
import { runBuiltCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import { openDoor, renderDoorsBlock, useGateServers, useGateWorkDir, writeDoorsConfig } from './gate-lab.js';

const tools = requireTools(['nginx']);
const workDir = useGateWorkDir('frontdoor-verify-report-');
const TOKEN = 'fdt_deploytoken0123456789abcdefghijklmnopqrstu';

describe.skipIf(tools.skip)('frontdoor verify --report-to', () => {
  const { servers } = useGateServers();
  const receivers: WatchReceiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((receiver) => receiver.stop()));
  });

  /** Two origins serving version v7 behind nginx, the configuration, and the deploy token in a file. */
  async function setUp(): Promise<{ config: string; tokenFile: string; watch: WatchReceiver }> {
    const doors = [await openDoor(), await openDoor()];
    servers.push(await startNginx({ httpBlock: renderDoorsBlock({ doors, version: 'v7' }) }));
    const config = join(workDir(), `report-${doors[0]?.port}.yaml`);
    await writeDoorsConfig(config, doors);
    const tokenFile = join(workDir(), 'deploy.token');
    await writeFile(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const watch = await startWatchReceiver();
    receivers.push(watch);
    return { config, tokenFile, watch };
  }

  it('posts the deploy mark with the version, the result and the gap per target once the gate passed', async () => {
    const { config, tokenFile, watch } = await setUp();
    const deploy = [process.execPath, '-e', 'setTimeout(() => {}, 600)'];
    const common = [
      'verify',
      '-c',
      config,
      '--expect-version',
      'v7',
      '--report-to',
      watch.url,
      '--token-file',
      tokenFile,
    ];
    const burst = await runBuiltCli(common, { cwd: workDir() });
    expect(burst.code).toBe(0);
    const run = await runBuiltCli([...common, '--during', '--', ...deploy], { cwd: workDir() });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`frontdoor verify: deploy mark reported to ${watch.url} (201)`);
    expect(watch.marks.map((m) => [m.authorization, m.mark.mode, m.mark.result])).toEqual([
      [`Bearer ${TOKEN}`, 'burst', 'passed'],
      [`Bearer ${TOKEN}`, 'during', 'passed'],
    ]);
    const mark = watch.marks[1]?.mark;
    expect(mark).toMatchObject({
      version: 'v7',
      origins: ['web1', 'web2'],
      targetCount: 6,
      failedCount: 0,
      deploy: { exitCode: 0, signal: null },
    });
    for (const target of mark?.targets ?? []) {
      expect(target.verdict).toBe('ok');
      expect(target.gap?.sent).toBeGreaterThan(0);
      expect(target.gap).toMatchObject({ failed: 0, longestGapMs: 0, gapStartedAt: null });
    }
    expect(mark?.targets.filter((t) => t.id.endsWith('@web2')).map((t) => t.origin)).toEqual([
      'web2',
      'web2',
    ]);
  });

  it('warns and keeps the verdict when the watch is down or refuses the mark', async () => {
    const { config, tokenFile, watch } = await setUp();
    await watch.stop();
    const args = ['verify', '-c', config, '--report-to', watch.url, '--token-file', tokenFile];
    const down = await runBuiltCli(args, { cwd: workDir() });
    expect(down.code).toBe(0);
    expect(down.stdout).toContain('gate: passed');
    expect(down.stderr).toMatch(
      /^frontdoor verify: warning: could not report the deploy to http:\/\/[\d.:]+: refused \(ECONNREFUSED\); the gate's verdict stands$/m,
    );

    await watch.start();
    const refused = await runBuiltCli(
      ['verify', '-c', config, '--report-to', `${watch.url}/elsewhere`, '--token-file', tokenFile],
      {
        cwd: workDir(),
      },
    );
    expect(refused.code).toBe(0);
    expect(refused.stderr).toContain('refused the deploy mark with 404');
    expect(`${down.stderr}${refused.stderr}`).not.toContain(TOKEN);
  });
});
