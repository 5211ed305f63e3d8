import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FrontdoorError } from '../errors.js';
import { assertWritable, writeReportFile } from './write-report-file.js';

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

describe('writeReportFile', () => {
  it('replaces an existing report whole and leaves no temporary file beside it', async () => {
    const path = join(dir, 'junit.xml');
    await writeFile(path, 'old report, much longer than the new one\n');
    await writeReportFile(path, '<testsuites/>\n');
    expect(await readFile(path, 'utf8')).toBe('<testsuites/>\n');
    expect(await readdir(dir)).toEqual(['junit.xml']);
  });

  it('fails with FD_ERR_IO naming the path as the user gave it, and cleans up', async () => {
    const error = await caught(writeReportFile(join(dir, 'missing', 'junit.xml'), 'x', 'missing/junit.xml'));
    expect(error.code).toBe('FD_ERR_IO');
    expect(error.message).toBe('frontdoor verify: cannot write missing/junit.xml: ENOENT');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('assertWritable', () => {
  it('accepts a new file in a writable directory and refuses a directory or a missing one', async () => {
    await assertWritable(join(dir, 'summary.md'));
    await mkdir(join(dir, 'reports'));
    expect((await caught(assertWritable(join(dir, 'reports'), 'reports'))).message).toBe(
      'frontdoor verify: cannot write reports: EISDIR',
    );
    expect((await caught(assertWritable(join(dir, 'nope', 'a.md'), 'nope/a.md'))).message).toBe(
      'frontdoor verify: cannot write nope/a.md: ENOENT',
    );
  });
});
