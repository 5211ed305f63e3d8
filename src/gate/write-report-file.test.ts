import { execFile } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { assertWritable, classifyExisting, writeReportFile } from './write-report-file.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'frontdoor-report-file-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function caught(promise: Promise<unknown>): Promise<FrontdoorError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FrontdoorError);
  return error as FrontdoorError;
}

async function makeFifo(path: string): Promise<void> {
  await promisify(execFile)('mkfifo', [path]);
}

/**
 * Reads `length` bytes from the FIFO. Opened read-write, the reader is in place at once (a writer's
 * non-blocking open then finds it) and never sees end-of-file before the bytes arrive.
 */
function readFifo(path: string, length: number): Promise<string> {
  const socket = new Socket({ fd: openSync(path, 'r+'), readable: true, writable: false });
  return new Promise((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.length >= length) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', reject);
  });
}

describe('writeReportFile', () => {
  it('replaces an existing report whole and leaves no temporary file beside it', async () => {
    const path = join(dir, 'junit.xml');
    await writeFile(path, 'old report, much longer than the new one\n');
    await writeReportFile(path, '<testsuites/>\n');
    expect(await readFile(path, 'utf8')).toBe('<testsuites/>\n');
    expect(await readdir(dir)).toEqual(['junit.xml']);
  });

  it('fails with FD_ERR_IO naming the path as the user gave it, and cleans up', async () => {
    const error = await caught(
      writeReportFile(join(dir, 'missing', 'junit.xml'), 'x', { shownAs: 'missing/junit.xml' }),
    );
    expect(error.code).toBe('FD_ERR_IO');
    expect(error.message).toBe(
      'frontdoor verify: cannot write missing/junit.xml: no such file or directory (ENOENT)',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes through a symlink to a character device and leaves the link a link', async () => {
    const link = join(dir, 'stderr-like');
    await symlink('/dev/null', link);
    await writeReportFile(link, '## summary\n');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('/dev/null');
    expect((await lstat('/dev/null')).isCharacterDevice()).toBe(true);
    expect(await readdir(dir)).toEqual(['stderr-like']);
  });

  it('writes into a FIFO for its reader, without replacing it', async () => {
    const fifo = join(dir, 'summary.fifo');
    await makeFifo(fifo);
    const received = readFifo(fifo, 200_000);
    await writeReportFile(fifo, 'x'.repeat(200_000));
    expect(await received).toBe('x'.repeat(200_000));
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    expect(await readdir(dir)).toEqual(['summary.fifo']);
  });

  it('refuses a FIFO nobody reads at once instead of waiting for a reader forever', async () => {
    const fifo = join(dir, 'orphan.fifo');
    await makeFifo(fifo);
    const error = await caught(writeReportFile(fifo, 'x', { shownAs: 'orphan.fifo' }));
    expect(error.message).toBe(
      'frontdoor verify: cannot write orphan.fifo: no process has the FIFO open for reading (ENXIO)',
    );
  });

  it('follows a symlink to a regular file: the target is replaced, the link stays', async () => {
    await mkdir(join(dir, 'reports'));
    const target = join(dir, 'reports', 'junit.xml');
    await writeFile(target, 'old');
    const link = join(dir, 'junit.xml');
    await symlink(target, link);
    await writeReportFile(link, 'new');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(join(dir, 'reports'))).toEqual(['junit.xml']);
  });

  it("writes through this process's own output when the path is that file (/dev/stderr into a log)", async () => {
    const log = join(dir, 'ci.log');
    await writeFile(log, 'earlier log lines\n');
    const fd = openSync(log, 'a');
    try {
      const link = join(dir, 'stderr');
      await symlink(log, link);
      const written: string[] = [];
      await writeReportFile(link, '## summary\n', {
        ownOutputs: [{ fd, write: (text) => written.push(text) }],
      });
      expect(written).toEqual(['## summary\n']);
      // never renamed over: the log keeps its lines, and the descriptor still writes into it
      expect(await readFile(log, 'utf8')).toBe('earlier log lines\n');
    } finally {
      closeSync(fd);
    }
  });
});

describe('assertWritable', () => {
  it('accepts a new file in a writable directory and refuses a directory or a missing one', async () => {
    await assertWritable(join(dir, 'summary.md'));
    await mkdir(join(dir, 'reports'));
    expect((await caught(assertWritable(join(dir, 'reports'), { shownAs: 'reports' }))).message).toBe(
      'frontdoor verify: cannot write reports: is a directory (EISDIR)',
    );
    expect((await caught(assertWritable(join(dir, 'nope', 'a.md'), { shownAs: 'nope/a.md' }))).message).toBe(
      'frontdoor verify: cannot write nope/a.md: no such file or directory (ENOENT)',
    );
  });

  it('accepts a character device or FIFO it may write, whatever its directory allows', async () => {
    await assertWritable('/dev/null');
    const fifo = join(dir, 'pipe');
    await makeFifo(fifo);
    await assertWritable(fifo);
  });
});

describe('classifyExisting', () => {
  const stats = (type: 'file' | 'dir' | 'fifo' | 'block' | 'char' | 'socket') => ({
    isFile: () => type === 'file',
    isDirectory: () => type === 'dir',
    isFIFO: () => type === 'fifo',
    isBlockDevice: () => type === 'block',
  });

  it('replaces files, writes through FIFOs and character devices, refuses directories and disks', () => {
    // described, never tried on a real disk: a regression here would write over one
    expect(classifyExisting(stats('file'))).toBe('file');
    expect(classifyExisting(stats('fifo'))).toEqual({ kind: 'fifo' });
    expect(classifyExisting(stats('char'))).toEqual({ kind: 'device' });
    expect(classifyExisting(stats('socket'))).toEqual({ kind: 'device' });
    expect(classifyExisting(stats('dir'))).toEqual({ kind: 'refused', code: 'EISDIR' });
    expect(classifyExisting(stats('block'))).toEqual({ kind: 'refused', code: 'EBLOCKDEVICE' });
  });
});
