import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isProcessGroupRunning, readStatFields } from './process-group.js';

describe('readStatFields', () => {
  it('reads state and process group after the command name, whatever the name holds', () => {
    expect(readStatFields('4242 (sleep) S 4240 4240 4240 0 -1 4194304 95 0')).toEqual({
      state: 'S',
      pgrp: 4240,
    });
    expect(readStatFields('77 (a) b (c)) Z 1 70 70 0')).toEqual({ state: 'Z', pgrp: 70 });
    expect(readStatFields('garbage')).toBeUndefined();
  });
});

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('isProcessGroupRunning', () => {
  it('counts a running member and ignores zombies, as a /proc table shows them', async () => {
    // a real group that exists (so kill(-pgid, 0) reaches it), described by a fake /proc
    const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const pgid = child.pid as number;
    try {
      const proc = await mkdtemp(join(tmpdir(), 'frontdoor-proc-'));
      dirs.push(proc);
      const entry = async (pid: number, state: string, group: number) => {
        await mkdir(join(proc, String(pid)));
        await writeFile(join(proc, String(pid), 'stat'), `${pid} (x y) ${state} 1 ${group} ${group} 0`);
      };
      await entry(10, 'Z', pgid);
      await entry(11, 'S', pgid + 1);
      await mkdir(join(proc, 'self'));
      expect(await isProcessGroupRunning(pgid, proc)).toBe(false);
      await entry(12, 'S', pgid);
      expect(await isProcessGroupRunning(pgid, proc)).toBe(true);
      // the real /proc agrees while the sleep runs
      expect(await isProcessGroupRunning(pgid)).toBe(true);
    } finally {
      process.kill(-pgid, 'SIGKILL');
    }
  });

  it('is false for a group nothing can reach', async () => {
    const child = spawn('true', [], { detached: true, stdio: 'ignore' });
    const pgid = child.pid as number;
    await new Promise((resolve) => child.once('exit', resolve));
    // reaped by its parent (this process): no member left, not even a zombie
    await new Promise((resolve) => setImmediate(resolve));
    expect(await isProcessGroupRunning(pgid)).toBe(false);
  });
});
