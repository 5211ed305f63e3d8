import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, CLI_PATH, type CliRun, expectOneLineUsageError, runBuiltCli } from './run-built-cli.js';

/** The built CLI with a file as its standard input (runBuiltCli gives it none). */
function runWithStdin(args: string[], stdinPath: string, cwd: string): Promise<CliRun> {
  const fd = openSync(stdinPath, 'r');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: [fd, 'pipe', 'pipe'],
    });
    closeSync(fd);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('every read is bounded: hostile paths end in one line and exit 2', () => {
  let dir: string;

  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-bounded-reads-'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    await writeFile(join(dir, 'include-fifo.conf'), `http { include ${join(dir, 'fifo')}; }\n`);
    await writeFile(join(dir, 'include-zero.conf'), 'http { include /dev/zero; }\n');
    await writeFile(
      join(dir, 'ca-fifo.yaml'),
      'ca: [fifo]\nsites:\n  shop: { url: "https://127.0.0.1:1/" }\n',
    );
    await writeFile(
      join(dir, 'cut.txt'),
      `# configuration file ${join(dir, 'n.conf')}:\nhttp {\n  server {\n    listen 8080;\n`,
    );
  });

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [['check', '-c', 'fifo'], 'frontdoor check: cannot read configuration fifo: not a regular file (a FIFO)'],
    [
      ['check', 'https://127.0.0.1:1/', '--ca', 'fifo'],
      (d: string) => `frontdoor check: cannot read CA file ${d}/fifo: not a regular file (a FIFO)`,
    ],
    [
      ['verify', 'https://127.0.0.1:1/', '--ca', '/dev/zero'],
      'frontdoor verify: cannot read CA file /dev/zero: not a regular file (a character device)',
    ],
    [
      ['check', '-c', 'ca-fifo.yaml'],
      (d: string) => `frontdoor check: cannot read CA file ${d}/fifo: not a regular file (a FIFO)`,
    ],
    [
      ['discover', 'nginx', '--dump', 'fifo'],
      'frontdoor discover: cannot read dump fifo: not a regular file (a FIFO)',
    ],
    [
      ['discover', 'nginx', '--config', 'include-fifo.conf'],
      (d: string) => `${d}/include-fifo.conf:1:8: cannot read include ${d}/fifo: not a regular file (a FIFO)`,
    ],
    [
      ['discover', 'nginx', '--config', 'include-zero.conf'],
      (d: string) =>
        `${d}/include-zero.conf:1:8: cannot read include /dev/zero: not a regular file (a character device)`,
    ],
    [
      ['discover', 'nginx', '--dump', 'cut.txt'],
      (d: string) =>
        `frontdoor discover: cut.txt: the nginx -T dump is cut short: its last file ${d}/n.conf ends inside block "server" (line 2); capture the whole output of nginx -T`,
    ],
    [
      ['discover', 'apache'],
      "frontdoor discover: 'apache' is not supported; frontdoor discovers nginx only: 'frontdoor discover nginx'",
    ],
    [
      ['host', 'baseline', '--state-dir', '/proc/frontdoor-test'],
      'frontdoor host: cannot keep baselines in /proc/frontdoor-test: /proc is a kernel filesystem that stores no files (use --state-dir)',
    ],
  ])('frontdoor %j', async (args, expected) => {
    const line = expectOneLineUsageError(await runBuiltCli(args, { cwd: dir }));
    expect(line).toBe(typeof expected === 'string' ? expected : expected(dir));
  });

  it('stops reading an endless dump on standard input at its limit', async () => {
    const line = expectOneLineUsageError(
      await runWithStdin(['discover', 'nginx', '--dump', '-'], '/dev/zero', dir),
    );
    expect(line).toBe(
      'frontdoor discover: cannot read dump stdin: larger than 64 MiB, the limit for an nginx -T dump',
    );
  });
});
