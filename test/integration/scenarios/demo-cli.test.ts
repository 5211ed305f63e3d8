import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, type CliRun, REPO_ROOT } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';

// Every lab temp dir of the child goes under this private TMPDIR, and every process it starts inherits
// it, so "nothing left behind" is checked without confusing other test files' servers for ours.
let privateTmp: string;

beforeAll(async () => {
  if (!existsSync(CLI_PATH)) {
    throw new Error(`${CLI_PATH} is missing: run 'npm run build' first (npm test builds before vitest runs)`);
  }
  privateTmp = await mkdtemp(join(tmpdir(), 'frontdoor-demo-cli-'));
});

afterAll(async () => {
  if (privateTmp !== undefined) await rm(privateTmp, { recursive: true, force: true });
});

function runDemo(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, 'demo', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', TMPDIR: privateTmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const deadline = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Pids of live processes whose environment carries our private TMPDIR: the demo's descendants. */
function processesUsingPrivateTmp(): number[] {
  const marker = `TMPDIR=${privateTmp}\u0000`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return `${readFileSync(`/proc/${pid}/environ`, 'latin1')}\u0000`.includes(marker);
      } catch {
        return false; // gone, or not ours to read
      }
    })
    .map(Number);
}

function expectNothingLeftBehind(): void {
  expect(readdirSync(privateTmp)).toEqual([]);
  expect(processesUsingPrivateTmp()).toEqual([]);
}

describe('frontdoor demo, built', () => {
  it('--list names every scenario with its description and tools', async () => {
    const run = await runDemo(['--list']);
    expect(run.code).toBe(0);
    const names = run.stdout
      .split('\n')
      .filter((line) => /^\S/.test(line) && !line.startsWith('frontdoor'))
      .map((line) => line.split(/\s+/)[0]);
    expect(names).toEqual([
      '000-edge-521',
      '001-invalid-hostname',
      '002-upstream-502',
      '003-flapping-pool',
      'upstream-timeout',
      'edge-522',
      'php-fpm-socket-missing',
      'haproxy-no-backend',
      'proxy-500',
      'app-500',
      'wrong-version',
      'flapping-app',
      'expired-certificate',
      'healthy',
    ]);
    expect(run.stdout).toMatch(/^003-flapping-pool .*\[incident 003\]; needs nginx, php-fpm, openssl/m);
    expectNothingLeftBehind();
  });

  it('rejects an unknown scenario in one line naming the known ones, exit 2', async () => {
    const run = await runDemo(['no-such-scenario']);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain("unknown scenario 'no-such-scenario' (known: 000-edge-521,");
  });

  const tools = requireTools(['openssl']);

  it.skipIf(tools.skip)(
    'runs wrong-version end to end, shows the diagnosis and leaves no process or temp dir',
    async () => {
      const run = await runDemo(['wrong-version']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('== wrong-version: ');
      expect(run.stdout).toContain('what was broken: ');
      expect(run.stdout).toMatch(/^wrong_version\s+content\s+200\s+.*api\.example\.test via edge/m);
      expect(run.stdout).toMatch(/^wrong_version\s+content\s+200\s+.*api\.example\.test via web1/m);
      expect(run.stdout).toContain('diagnosis: correct');
      expect(run.stdout).not.toContain('\u001b[');
      expectNothingLeftBehind();
    },
  );

  it.skipIf(tools.skip)(
    'runs incident 000 as JSON, its squatter process included, and leaves nothing behind',
    async () => {
      const run = await runDemo(['000-edge-521', '--json']);
      expect(run.code).toBe(0);
      const document = JSON.parse(run.stdout);
      expect(document.ok).toBe(true);
      const [scenario] = document.scenarios;
      expect(scenario).toMatchObject({
        name: '000-edge-521',
        incident: '000',
        matched: true,
        mismatches: [],
      });
      expect(scenario.report.findings.map((finding: { code: string }) => finding.code)).toEqual([
        'shared_front_door_down',
        'shared_front_door_down',
        'fleet_wide',
      ]);
      expectNothingLeftBehind();
    },
  );
});
