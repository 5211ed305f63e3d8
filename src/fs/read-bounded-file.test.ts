import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeReadFailure,
  ReadRefusedError,
  readBoundedFile,
  readBoundedStream,
  readBoundedText,
} from './read-bounded-file.js';
import { formatByteLimit } from './read-limits.js';

const small = { maxBytes: 1024, what: 'a test file' };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('readBoundedFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-read-bounded-'));
    await writeFile(join(dir, 'ok.txt'), 'hello\n');
    await writeFile(join(dir, 'exact.txt'), 'x'.repeat(1024));
    await writeFile(join(dir, 'big.txt'), 'x'.repeat(1025));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a regular file up to and including the limit', async () => {
    expect(await readBoundedText(join(dir, 'ok.txt'), small)).toBe('hello\n');
    expect((await readBoundedFile(join(dir, 'exact.txt'), small)).length).toBe(1024);
  });

  it('refuses a file one byte over the limit, naming the limit', async () => {
    const error = await failure(readBoundedFile(join(dir, 'big.txt'), small));
    expect(error).toBeInstanceOf(ReadRefusedError);
    expect(describeReadFailure(error)).toBe('larger than 1 KiB, the limit for a test file');
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const error = await failure(readBoundedFile(join(dir, 'fifo'), small));
    expect(describeReadFailure(error)).toBe('not a regular file (a FIFO)');
  });

  it('refuses /dev/zero, which never ends', async () => {
    const error = await failure(readBoundedFile('/dev/zero', small));
    expect(describeReadFailure(error)).toBe('not a regular file (a character device)');
  });

  it('reads a /proc file, which announces size 0, to its end within the limit', async () => {
    const text = await readBoundedText('/proc/self/status', { maxBytes: 1024 * 1024, what: 'x' });
    expect(text).toContain('Pid:');
    expect(
      describeReadFailure(await failure(readBoundedFile('/proc/self/status', { maxBytes: 10, what: 'y' }))),
    ).toBe('larger than 10 bytes, the limit for y');
  });

  it('says errno codes in words for missing files and directories', async () => {
    expect(describeReadFailure(await failure(readBoundedFile(join(dir, 'nope'), small)))).toBe(
      'no such file or directory (ENOENT)',
    );
    expect(describeReadFailure(await failure(readBoundedFile(dir, small)))).toBe('is a directory (EISDIR)');
  });
});

describe('readBoundedStream', () => {
  it('reads a stream within the limit', async () => {
    const text = await readBoundedStream(Readable.from([Buffer.from('ab'), 'cd']), small);
    expect(text.toString()).toBe('abcd');
  });

  it('stops an endless stream at the limit and destroys it', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 512;
        this.push(Buffer.alloc(512));
      },
    });
    const error = await failure(readBoundedStream(endless, small));
    expect(describeReadFailure(error)).toBe('larger than 1 KiB, the limit for a test file');
    expect(endless.destroyed).toBe(true);
    expect(produced).toBeLessThan(64 * 1024);
  });
});

describe('formatByteLimit', () => {
  it.each([
    [16 * 1024 * 1024, '16 MiB'],
    [512 * 1024, '512 KiB'],
    [1000, '1000 bytes'],
  ])('%d -> %s', (bytes, text) => {
    expect(formatByteLimit(bytes)).toBe(text);
  });
});
