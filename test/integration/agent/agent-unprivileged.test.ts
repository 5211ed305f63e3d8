import { spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type PortSquatter, startPortSquatter } from '../../../src/lab/port-squatter.js';
import { CLI_PATH } from '../cli/run-built-cli.js';
import { startWatchReceiver, type WatchReceiver } from './watch-receiver.js';

const NOBODY = 65534;
const TOKEN = 'fdt_unprivilegedagent0123456789abcdefghijklmn';

// Needs a listener held by root and an agent running as a user who cannot read it: only root sets up both.
describe.skipIf(process.getuid?.() !== 0)('frontdoor agent without privileges', () => {
  let dir = '';
  let squatter: PortSquatter | undefined;
  let watch: WatchReceiver | undefined;
  afterEach(async () => {
    await squatter?.close();
    await watch?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('says which listener it could not identify and why, instead of guessing its owner', async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-agent-nobody-'));
    await chmod(dir, 0o755);
    const spool = join(dir, 'spool');
    await mkdir(spool);
    await chown(spool, NOBODY, NOBODY);
    await writeFile(join(dir, 'token'), TOKEN, { mode: 0o600 });
    await chown(join(dir, 'token'), NOBODY, NOBODY);
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    // This test's own process, running as root, holds the port.
    squatter = await startPortSquatter({ address, port, behaviour: { kind: 'close' } });
    watch = await startWatchReceiver();
    const args = [
      CLI_PATH,
      'agent',
      '--server',
      watch.url,
      '--token-file',
      join(dir, 'token'),
      '--origin',
      'lab',
      '--listener',
      `${address}:${port}=nginx`,
      '--nginx-config',
      join(dir, 'no-nginx.conf'),
      '--log-dir',
      join(dir, 'log'),
      '--spool',
      spool,
      '--once',
    ];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: '/', uid: NOBODY, gid: NOBODY, stdio: 'ignore' });
      child.once('error', reject);
      child.once('close', resolve);
    });
    expect(code).toBe(0);
    expect(watch.events.map((e) => e.type)).toEqual(['agent_started', 'could_not_read']);
    expect(watch.events[0]).toMatchObject({
      root: false,
      listeners: [
        { listener: `${address}:${port}`, verdict: 'owner_unknown', ownerKnown: false, holders: [] },
      ],
    });
    const unread = watch.events[1];
    expect(unread).toMatchObject({
      type: 'could_not_read',
      listeners: [`${address}:${port}`],
      nginxTest: false,
    });
    if (unread?.type !== 'could_not_read') throw new Error('expected could_not_read');
    // Root's processes, this one among them; the list is capped, the count is not.
    expect(unread.processes.count).toBeGreaterThan(0);
    expect(unread.processes.pids.length).toBe(Math.min(100, unread.processes.count));
    if (unread.processes.count <= 100) expect(unread.processes.pids).toContain(process.pid);
    expect(unread.hint).toContain('grant CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE, or run as root');
  });
});
