import { createServer } from 'node:http';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { type ServedServer, serveOnLoopback } from '../probe/serve-on-loopback.js';
import { buildCli, expectOneLineUsageError, runBuiltCli } from './run-built-cli.js';

const servers: ServedServer[] = [];

beforeAll(async () => {
  await buildCli();
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('frontdoor check when this machine runs out of file descriptors', () => {
  it('stops with FD_ERR_LOCAL_RESOURCE naming the limit, instead of blaming a healthy server', async () => {
    const served = await serveOnLoopback(
      createServer((_request, response) => response.end('ok')),
      allocateLoopbackAddress(),
    );
    servers.push(served);
    const url = `http://${served.address}:${served.port}/health`;

    const healthy = await runBuiltCli(['check', url, '--burst', '20'], { openFileLimit: 128 });
    expect(healthy.code).toBe(0);

    const line = expectOneLineUsageError(
      await runBuiltCli(['check', url, '--burst', '400'], { openFileLimit: 128 }),
    );
    expect(line).toBe(
      `cannot open a connection to ${served.address}:${served.port}: EMFILE, this process ran out of file descriptors (ulimit -n is 128): lower --burst or --concurrency, or raise the open-file limit (ulimit -n, or LimitNOFILE= in a systemd unit)`,
    );
  });
});
