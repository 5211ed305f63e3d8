import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPidAlive, listChildPids } from '../../../src/lab/child-pids.js';
import { CLI_PATH, REPO_ROOT } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';

const tools = requireTools(['nginx', 'php-fpm', 'openssl']);

// Everything the demo starts inherits this private TMPDIR, so "nothing left behind" means exactly: no
// process carries it in its environment and the folder is empty.
let privateTmp = '';
beforeAll(async () => {
  privateTmp = await mkdtemp(join(tmpdir(), 'frontdoor-demo-watch-test-'));
});
afterAll(async () => {
  await rm(privateTmp, { recursive: true, force: true });
});

function processesUsingPrivateTmp(): number[] {
  const marker = `TMPDIR=${privateTmp}\u0000`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return `${readFileSync(`/proc/${pid}/environ`, 'latin1')}\u0000`.includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function descendantsOf(pid: number): Promise<number[]> {
  const children = await listChildPids(pid);
  const below = await Promise.all(children.map(descendantsOf));
  return [...children, ...below.flat()];
}

describe.skipIf(tools.skip)('frontdoor demo --watch', () => {
  it('prints the live view of the lab and tears everything down on Ctrl-C', async () => {
    const child = spawn(process.execPath, [CLI_PATH, 'demo', '--watch'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', TMPDIR: privateTmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const deadline = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    try {
      let url: string | undefined;
      while (url === undefined) {
        url = /(http:\/\/127\.0\.0\.1:\d+)\/api\/v1\/targets/.exec(stdout)?.[1];
        if (child.exitCode !== null) throw new Error(`demo --watch exited early: ${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const dir = /configuration, store and log\s+(\S+)/.exec(stdout)?.[1] ?? '';
      expect(dir.startsWith(privateTmp)).toBe(true);
      expect(existsSync(join(dir, 'frontdoor.yaml'))).toBe(true);
      // The watch is live: every target gets a round, and the API shows it.
      for (;;) {
        const listed = (await (await fetch(`${url}/api/v1/targets`)).json()) as {
          targets: Array<{ latest: unknown }>;
        };
        if (listed.targets.length === 12 && listed.targets.every((target) => target.latest !== null)) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // nginx and php-fpm start with their own environment: follow the demo's process tree instead.
      const started = await descendantsOf(child.pid ?? 0);
      expect(started.length).toBeGreaterThanOrEqual(4);
      child.kill('SIGINT');
      const [code] = await exited;
      expect(code).toBe(0);
      expect(stdout).toContain('stopping the watch and tearing the lab down');
      expect(processesUsingPrivateTmp()).toEqual([]);
      expect(started.filter(isPidAlive)).toEqual([]);
      expect(readdirSync(privateTmp)).toEqual([]);
    } finally {
      clearTimeout(deadline);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
