import { execFile } from 'node:child_process';
import { openSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startAppBackend } from '../../../src/lab/app-backend.js';
import { runBuiltCli } from '../cli/run-built-cli.js';
import { useGateServers, useGateWorkDir } from './gate-lab.js';

const workDir = useGateWorkDir('frontdoor-verify-report-paths-');

/** `verify --summary` and `--junit` write through what is not a regular file instead of renaming over it. */
describe('frontdoor verify: report paths that are not regular files', () => {
  const { apps } = useGateServers();

  async function healthyUrl(): Promise<string> {
    const app = await startAppBackend();
    apps.push(app);
    return `http://${app.address}:${app.port}/health`;
  }

  it('--summary /dev/stderr lands on stderr and /dev/stderr stays a symlink (as root too)', async () => {
    const url = await healthyUrl();
    const before = await lstat('/dev/stderr');
    const run = await runBuiltCli(['verify', url, '--burst', '2', '--summary', '/dev/stderr']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('gate: passed');
    expect(run.stderr).toContain('## ✅ frontdoor verify passed');
    const after = await lstat('/dev/stderr');
    expect(after.isSymbolicLink()).toBe(before.isSymbolicLink());
    expect(after.isFile()).toBe(false);
  });

  it('--junit into a FIFO reaches the process reading it, and the FIFO stays a FIFO', async () => {
    const url = await healthyUrl();
    const fifo = join(workDir(), 'junit.fifo');
    await promisify(execFile)('mkfifo', [fifo]);
    // opened read-write: in place before frontdoor opens it, and no end-of-file until the report is in
    const reader = new Socket({ fd: openSync(fifo, 'r+'), readable: true, writable: false });
    let received = '';
    reader.setEncoding('utf8').on('data', (chunk: string) => {
      received += chunk;
    });
    try {
      const run = await runBuiltCli(['verify', url, '--burst', '2', '--junit', fifo]);
      expect(run.code).toBe(0);
      for (let waited = 0; !received.includes('</testsuites>') && waited < 5000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(received).toContain('<testsuite name="frontdoor verify" tests="1" failures="0"');
      expect((await lstat(fifo)).isFIFO()).toBe(true);
    } finally {
      reader.destroy();
    }
  });
});
