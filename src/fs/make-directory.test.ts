import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelFilesystemOf, makeDirectory } from './make-directory.js';

describe('makeDirectory', () => {
  it('creates every missing component with the mode, and accepts what exists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-mkdir-'));
    try {
      await makeDirectory(join(dir, 'a/b/c'), 0o700);
      expect((await stat(join(dir, 'a/b/c'))).isDirectory()).toBe(true);
      expect((await stat(join(dir, 'a'))).mode & 0o777).toBe(0o700);
      await makeDirectory(join(dir, 'a/b'), 0o700);
      await writeFile(join(dir, 'file'), '');
      await expect(makeDirectory(join(dir, 'file/x'), 0o700)).rejects.toMatchObject({ code: 'ENOTDIR' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails at once under /proc, where Node’s recursive mkdir spins forever', async () => {
    await expect(makeDirectory('/proc/frontdoor-test/state', 0o700)).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('kernelFilesystemOf', () => {
  it.each([
    ['/proc/x', '/proc'],
    ['/sys', '/sys'],
    ['/dev/shm/../x', '/dev'],
    ['/var/lib/frontdoor', undefined],
    ['/process', undefined],
  ])('%s -> %s', (path, expected) => {
    expect(kernelFilesystemOf(path)).toBe(expected);
  });
});
