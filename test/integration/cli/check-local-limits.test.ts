import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { type ServedServer, serveOnLoopback } from '../probe/serve-on-loopback.js';
import { buildCli, CLI_PATH, type CliRun, expectOneLineUsageError, REPO_ROOT } from './run-built-cli.js';

const servers: ServedServer[] = [];

beforeAll(async () => {
  await buildCli();
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The built CLI under a soft open-file limit of `limit`, as `ulimit -n` sets it for a shell's children. */
function runWithOpenFileLimit(limit: number, args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'bash',
      ['-c', `ulimit -n ${limit} && exec "$@"`, 'bash', process.execPath, CLI_PATH, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
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

describe('frontdoor check when this machine runs out of file descriptors', () => {
  it('stops with FD_ERR_LOCAL_RESOURCE naming the limit, instead of blaming a healthy server', async () => {
    const served = await serveOnLoopback(
      createServer((_request, response) => response.end('ok')),
      allocateLoopbackAddress(),
    );
    servers.push(served);
    const url = `http://${served.address}:${served.port}/health`;

    const healthy = await runWithOpenFileLimit(128, ['check', url, '--burst', '20']);
    expect(healthy.code).toBe(0);

    const line = expectOneLineUsageError(await runWithOpenFileLimit(128, ['check', url, '--burst', '400']));
    expect(line).toBe(
      `cannot open a connection to ${served.address}:${served.port}: EMFILE, this process ran out of file descriptors (ulimit -n is 128): lower --burst or --concurrency, or raise the open-file limit (ulimit -n, or LimitNOFILE= in a systemd unit)`,
    );
  });
});
