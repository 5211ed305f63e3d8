import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostCommand } from '../../../src/cli/host-command.js';
import { checkListeners } from '../../../src/host/check-listeners.js';
import { parseListenerFlag } from '../../../src/host/expected-listener.js';
import { readListenerInventory } from '../../../src/host/read-listener-inventory.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { CLI_PATH } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import { captureIo } from './capture-io.js';

const tools = requireTools(['nginx']);

/** Reads the real /proc of this machine and judges one expectation, as `frontdoor host` does. */
async function judge(flag: string) {
  const [result] = checkListeners([parseListenerFlag(flag)], await readListenerInventory());
  if (result === undefined) throw new Error('no result');
  return result;
}

/** A separate node process listening on address:port: the squatter of incident 000. */
function startSquatter(address: string, port: number): Promise<ChildProcess> {
  const script = `require('node:net').createServer().listen(${port}, '${address}', () => console.log('ready'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`squatter exited with ${code}`)));
    child.stdout?.once('data', () => resolve(child));
  });
}

describe.skipIf(tools.skip)('frontdoor host: listeners on this machine', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startLabNginx(address: string, port: number): Promise<NginxServer> {
    const nginx = await startNginx({
      httpBlock: `server { listen ${address}:${port}; return 200 "ok\\n"; }`,
    });
    cleanups.push(() => nginx.stop());
    return nginx;
  }

  it('reports a real nginx on a loopback address:port as the owner, with pid and executable', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const nginx = await startLabNginx(address, port);
    const result = await judge(`${address}:${port}=nginx`);
    expect(result.verdict).toBe('ok');
    expect(result.sockets).toEqual([`${address}:${port}`]);
    const master = result.holders.find((p) => p.pid === nginx.pid);
    expect(master?.name).toBe('nginx');
    expect(master?.exe).toBe(tools.paths.nginx);
    expect(result.holders.length).toBeGreaterThan(1);
    expect(result.summary).toContain(`${address}:${port} is held by nginx (pids ${nginx.pid}`);
  });

  it('names the process that took the port once nginx is stopped (wrong_listener), and exits 1', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const nginx = await startLabNginx(address, port);
    await nginx.stop();
    const squatter = await startSquatter(address, port);
    cleanups.push(async () => {
      if (squatter.exitCode === null) {
        const exited = new Promise((resolve) => squatter.once('exit', resolve));
        squatter.kill('SIGTERM');
        await exited;
      }
    });
    const result = await judge(`${address}:${port}=nginx`);
    expect(result.verdict).toBe('wrong_listener');
    expect(result.holders.map((p) => p.pid)).toEqual([squatter.pid]);
    expect(result.holders[0]?.exe).toBe(process.execPath);
    expect(result.summary).toMatch(
      new RegExp(
        `^${address.replaceAll('.', '\\.')}:${port} is held by node \\(pid ${squatter.pid}\\), not nginx: .*then start nginx$`,
      ),
    );

    const io = captureIo(tmpdir());
    const state = await mkdtemp(join(tmpdir(), 'frontdoor-host-state-'));
    cleanups.push(() => rm(state, { recursive: true, force: true }));
    const code = await hostCommand(
      ['--listener', `${address}:${port}=nginx`, '--state-dir', state, '--json'],
      io,
    );
    expect(code).toBe(1);
    const json = JSON.parse(io.out());
    expect(json.ok).toBe(false);
    expect(json.results[0]).toMatchObject({
      target: `listener ${address}:${port}`,
      verdict: 'wrong_listener',
      layer: 'host',
    });
  });

  it('reports a missing unix socket as socket_missing and a listening one as ok', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-host-unix-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'php8.2-fpm.sock');
    const missing = await judge(`unix:${path}=php-fpm`);
    expect(missing.verdict).toBe('socket_missing');
    expect(missing.summary).toBe(
      `nothing listens on unix:${path}: php-fpm's reload may have failed; check journalctl -u php8.2-fpm`,
    );

    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const present = await judge(`unix:${path}=node`);
    expect(present.verdict).toBe('ok');
    expect(present.holders.map((p) => p.pid)).toContain(process.pid);
    const squatted = await judge(`unix:${path}=php-fpm`);
    expect(squatted.verdict).toBe('wrong_listener');
  });

  // Needs a root-owned listener and a user who cannot read it: only root can set both up.
  it.skipIf(process.getuid?.() !== 0)(
    'run as a user who cannot read the holder, says owner_unknown (never ok) and exits 1',
    async () => {
      const address = allocateLoopbackAddress();
      const port = await findFreePort(address);
      const squatter = await startSquatter(address, port);
      cleanups.push(async () => {
        if (squatter.exitCode === null) {
          const exited = new Promise((resolve) => squatter.once('exit', resolve));
          squatter.kill('SIGTERM');
          await exited;
        }
      });
      const run = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            CLI_PATH,
            'host',
            '--listener',
            `${address}:${port}=nginx`,
            '--state-dir',
            '/nonexistent-frontdoor',
            '--json',
          ],
          { cwd: '/', uid: 65534, gid: 65534, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let stdout = '';
        child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
        });
        child.once('error', reject);
        child.once('close', (code) => resolve({ code, stdout }));
      });
      expect(run.code).toBe(1);
      const json = JSON.parse(run.stdout);
      expect(json.ok).toBe(false);
      expect(json.results[0]).toMatchObject({
        target: `listener ${address}:${port}`,
        verdict: 'owner_unknown',
        layer: 'host',
      });
      expect(json.results[0].summary).toContain(
        `${address}:${port} is listening but who holds it is unknown`,
      );
    },
  );
});
