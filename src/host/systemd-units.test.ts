import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessSpawner } from '../process/spawn-process.js';
import { isSystemdPresent, parseUnitState, readUnitState } from './systemd-units.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const recordingSpawner = (stdout: string, exitCode = 0) => {
  const calls: string[][] = [];
  const spawner: ProcessSpawner = async (file, args) => {
    calls.push([file, ...args]);
    return { exitCode, stdout, stderr: '' };
  };
  return { spawner, calls };
};

describe('systemd units', () => {
  it('parses systemctl show output', () => {
    expect(
      parseUnitState('nginx.service', 'LoadState=loaded\nActiveState=failed\nSubState=failed\nMainPID=0\n'),
    ).toEqual({
      unit: 'nginx.service',
      loadState: 'loaded',
      activeState: 'failed',
      subState: 'failed',
      mainPid: 0,
    });
  });

  it('asks systemctl for exactly the properties it compares', async () => {
    const { spawner, calls } = recordingSpawner(
      'ActiveState=active\nSubState=running\nMainPID=812\nLoadState=loaded\n',
    );
    const state = await readUnitState('php8.2-fpm', spawner);
    expect(calls).toEqual([
      ['systemctl', 'show', '-p', 'LoadState,ActiveState,SubState,MainPID', 'php8.2-fpm.service'],
    ]);
    expect(state?.mainPid).toBe(812);
    expect(await readUnitState('x', recordingSpawner('', 1).spawner)).toBeUndefined();
  });

  it('needs both /run/systemd/system and a working systemctl', async () => {
    const root = await mkdtemp(join(tmpdir(), 'frontdoor-systemd-'));
    dirs.push(root);
    const ok = recordingSpawner('systemd 252').spawner;
    expect(await isSystemdPresent(root, ok)).toBe(false);
    await mkdir(join(root, 'run/systemd/system'), { recursive: true });
    expect(await isSystemdPresent(root, ok)).toBe(true);
    const missing: ProcessSpawner = async () => ({
      exitCode: null,
      stdout: '',
      stderr: '',
      errorCode: 'ENOENT',
    });
    expect(await isSystemdPresent(root, missing)).toBe(false);
  });
});
