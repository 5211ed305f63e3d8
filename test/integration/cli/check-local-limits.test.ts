import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { type ServedServer, serveOnLoopback } from '../probe/serve-on-loopback.js';
import { buildCli, expectOneLineUsageError, runBuiltCli } from './run-built-cli.js';
import { writeShopConfig } from './shop-fixtures.js';

const servers: ServedServer[] = [];
const workDirs: string[] = [];

beforeAll(async () => {
  await buildCli();
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(workDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function serveOk(): Promise<ServedServer> {
  const served = await serveOnLoopback(
    createServer((_request, response) => response.end('ok')),
    allocateLoopbackAddress(),
  );
  servers.push(served);
  return served;
}

const SHORTAGE =
  'EMFILE, this process ran out of file descriptors (ulimit -n is 128): lower --burst or --concurrency, or raise the open-file limit (ulimit -n, or LimitNOFILE= in a systemd unit)';

describe('frontdoor check when this machine runs out of file descriptors', () => {
  it('stops with FD_ERR_LOCAL_RESOURCE naming the limit, instead of blaming a healthy server', async () => {
    const served = await serveOk();
    const url = `http://${served.address}:${served.port}/health`;

    const healthy = await runBuiltCli(['check', url, '--burst', '20'], { openFileLimit: 128 });
    expect(healthy.code).toBe(0);

    const line = expectOneLineUsageError(
      await runBuiltCli(['check', url, '--burst', '400'], { openFileLimit: 128 }),
    );
    expect(line).toBe(
      `frontdoor check: cannot open a connection to ${served.address}:${served.port}: ${SHORTAGE}`,
    );
  });

  // Several targets behind two front doors: bursts and catch-all probes in flight together, so more than one
  // of them runs out at once. Every rejection after the first must still end in the same one line.
  it.each([['check'], ['verify']])(
    '%s -c with a burst says the same one line and exits 2 when several probes run out at once',
    async (command) => {
      const [first, second] = [await serveOk(), await serveOk()];
      const workDir = await mkdtemp(join(tmpdir(), 'frontdoor-local-limits-'));
      workDirs.push(workDir);
      const config = join(workDir, 'frontdoor.yaml');
      await writeShopConfig(config, {
        origins: {
          web1: `${first.address}:${first.port}`,
          web2: `${second.address}:${second.port}`,
        },
        resolveTo: first.address,
        url: `http://a.test:${first.port}/health`,
        aliases: ['b.test', 'c.test', 'd.test'],
      });
      const line = expectOneLineUsageError(
        await runBuiltCli([command, '-c', config, '--burst', '100'], { openFileLimit: 128 }),
      );
      expect(line).toMatch(
        new RegExp(`^frontdoor ${command}: cannot open a connection to 127\\.[\\d.]+:\\d+: `),
      );
      expect(line.endsWith(SHORTAGE)).toBe(true);
    },
  );
});
