import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_PATH, REPO_ROOT } from '../cli/run-built-cli.js';

const UNIT = join(REPO_ROOT, 'docs/systemd/frontdoor.service');
const ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((path) => existsSync(path));

if (ANALYZE === undefined) {
  if (process.env.CI === 'true')
    throw new Error('CI=true and systemd-analyze is missing: .ci/run installs systemd');
  console.warn('skipping the systemd unit check: systemd-analyze is not installed (apt-get install systemd)');
}

describe('docs/systemd/frontdoor.service', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('is hardened: its own user, a state directory, a read-only system and no new privileges', async () => {
    const unit = await readFile(UNIT, 'utf8');
    for (const line of [
      'DynamicUser=yes',
      'User=frontdoor',
      'StateDirectory=frontdoor',
      'ProtectSystem=strict',
      'ProtectHome=yes',
      'NoNewPrivileges=yes',
      'PrivateTmp=yes',
      'CapabilityBoundingSet=',
      'ExecReload=/bin/kill -HUP $MAINPID',
    ]) {
      expect(unit.split('\n')).toContain(line);
    }
    expect(unit).toMatch(
      /^ExecStart=\/usr\/bin\/frontdoor serve -c \/etc\/frontdoor\/frontdoor\.yaml --store sqlite:\/var\/lib\/frontdoor\//m,
    );
  });

  it.skipIf(ANALYZE === undefined)('passes systemd-analyze verify', async () => {
    // verify insists that ExecStart's program exists: point it at this checkout's CLI, nothing else changed.
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-unit-'));
    const unit = (await readFile(UNIT, 'utf8')).replace(
      'ExecStart=/usr/bin/frontdoor ',
      `ExecStart=${process.execPath} ${CLI_PATH} `,
    );
    const path = join(dir, 'frontdoor.service');
    await writeFile(path, unit);
    const { stdout, stderr } = await promisify(execFile)(ANALYZE as string, ['verify', path]);
    expect(`${stdout}${stderr}`.trim()).toBe('');
  });
});
