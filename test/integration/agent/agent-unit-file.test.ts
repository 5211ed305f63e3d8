import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../../src/process/find-executable.js';
import { CLI_PATH, REPO_ROOT } from '../cli/run-built-cli.js';

const UNIT = join(REPO_ROOT, 'docs/systemd/frontdoor-agent.service');
const analyze = await findExecutable('systemd-analyze', process.env.PATH ?? '');

function verify(path: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      analyze ?? 'systemd-analyze',
      ['verify', '--man=no', path],
      { timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

describe.skipIf(analyze === undefined)('docs/systemd/frontdoor-agent.service', () => {
  it('passes systemd-analyze verify without a warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-unit-'));
    try {
      // verify checks that ExecStart's program exists: point it at this checkout's build instead of /usr/bin.
      const unit = (await readFile(UNIT, 'utf8')).replace(
        '/usr/bin/frontdoor ',
        `${process.execPath} ${CLI_PATH} `,
      );
      expect(unit).toContain(CLI_PATH);
      const path = join(dir, 'frontdoor-agent.service');
      await writeFile(path, unit);
      expect(await verify(path)).toEqual({ code: 0, output: '' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails the check on a unit systemd would half ignore, so the test above means something', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-unit-'));
    try {
      const unit = (await readFile(UNIT, 'utf8'))
        .replace('/usr/bin/frontdoor ', `${process.execPath} ${CLI_PATH} `)
        .replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes');
      const path = join(dir, 'frontdoor-agent.service');
      await writeFile(path, unit);
      expect((await verify(path)).output).toContain("Unknown key 'NoNewPrivilege'");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the agent unit', () => {
  it('keeps the token off the command line and the agent unprivileged but for the two documented capabilities', async () => {
    const unit = await readFile(UNIT, 'utf8');
    expect(unit).toMatch(/^LoadCredential=token:\/etc\/frontdoor\/agent\.token$/m);
    expect(unit).toMatch(/--token-file \$\{CREDENTIALS_DIRECTORY\}\/token /);
    expect(unit).not.toMatch(/--token [^$]/);
    expect(unit).toMatch(/^User=frontdoor-agent$/m);
    expect(unit).toMatch(/^CapabilityBoundingSet=CAP_DAC_READ_SEARCH CAP_SYS_PTRACE$/m);
    expect(unit).toMatch(/^NoNewPrivileges=yes$/m);
  });
});
