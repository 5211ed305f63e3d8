import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PACKAGE_LOG_READ_LIMIT } from '../fs/read-limits.js';
import { readPackageLogs } from './read-package-logs.js';

const logDir = join(import.meta.dirname, 'fixtures/log');
const line = (c: { time: Date; action: string; package: string; source: string }) =>
  `${c.time.getMonth() + 1}-${c.time.getDate()} ${c.action} ${c.package} ${c.source}`;

describe('readPackageLogs', () => {
  it('merges apt history and dpkg logs with their rotations (gzip too), each change once', async () => {
    const logs = await readPackageLogs(logDir, new Date(2026, 10, 1));
    expect(logs.changes.map(line)).toEqual([
      '11-2 upgrade php8.2-common apt',
      '11-2 upgrade php8.2-fpm apt',
      '11-5 upgrade caddy dpkg',
      '11-18 install curl apt',
      '11-18 install libcurl4 apt',
      '11-20 upgrade libssl3 apt',
      '11-20 upgrade nginx apt',
      '11-20 upgrade nginx-common apt',
      '11-21 install tailscale apt',
      '11-22 purge apache2 apt',
      '11-22 purge apache2-bin apt',
      '11-22 remove libaprutil1 apt',
      '11-23 install openvpn dpkg',
    ]);
  });

  it('keeps only the window and stops at rotations older than it', async () => {
    const logs = await readPackageLogs(logDir, new Date(2026, 10, 21));
    expect(logs.changes.map((c) => c.package)).toEqual([
      'tailscale',
      'apache2',
      'apache2-bin',
      'libaprutil1',
      'openvpn',
    ]);
    expect(logs.files.map((f) => f.slice(logDir.length + 1))).toEqual([
      'apt/history.log',
      'apt/history.log.1.gz',
      'dpkg.log',
      'dpkg.log.1',
    ]);
  });

  it('reports a rotation it cannot decompress instead of failing', async () => {
    const logs = await readPackageLogs(logDir, new Date(2026, 0, 1));
    expect(logs.files).toContain(join(logDir, 'dpkg.log.2.gz'));
    expect(logs.changes.map(line)).toContain('10-10 install caddy dpkg');
    expect(logs.changes.map(line)).toContain('10-1 upgrade haproxy apt');
    expect(logs.unreadable).toEqual([`${join(logDir, 'dpkg.log.3.gz')}: Z_DATA_ERROR`]);
  });

  it('reads a log of more changes than a call can take as arguments (no push(...changes))', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-logs-'));
    try {
      const count = 200_000;
      const lines = Array.from(
        { length: count },
        (_, i) => `2026-11-20 06:25:11 upgrade pkg${i}:amd64 1.0 1.1`,
      );
      await writeFile(join(dir, 'dpkg.log'), `${lines.join('\n')}\n`);
      const logs = await readPackageLogs(dir, new Date(2026, 0, 1));
      expect(logs.changes).toHaveLength(count);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a truncated gzip rotation up to the cut and says it was cut', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-logs-'));
    try {
      const lines = Array.from(
        { length: 400 },
        (_, i) =>
          `2026-11-${String(10 + (i % 10)).padStart(2, '0')} 06:0${i % 10}:00 upgrade pkg${i}:amd64 1.0-${i} 1.1-${i}`,
      );
      const whole = gzipSync(`${lines.join('\n')}\n`);
      const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
      await writeFile(join(dir, 'dpkg.log.2.gz'), cut);
      const logs = await readPackageLogs(dir, new Date(2026, 0, 1));
      const path = join(dir, 'dpkg.log.2.gz');
      expect(logs.unreadable).toEqual([`${path}: truncated gzip, read up to the cut`]);
      expect(logs.files).toEqual([path]);
      // Every change read is whole: a prefix of the original lines, the partial last line dropped.
      const names = logs.changes.map((c) => `${c.package} ${c.fromVersion} ${c.toVersion}`);
      expect(names.length).toBeGreaterThan(10);
      expect(names.length).toBeLessThan(400);
      const expected = new Set(lines.map((l) => l.split(' ').slice(3).join(' ').replace(':amd64', '')));
      for (const name of names) expect(expected.has(name)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lists a gzip bomb and a FIFO among the logs as unreadable, reading neither past its limit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-logs-'));
    try {
      await writeFile(
        join(dir, 'dpkg.log.2.gz'),
        gzipSync(Buffer.alloc(PACKAGE_LOG_READ_LIMIT.maxBytes + 1)),
      );
      execFileSync('mkfifo', [join(dir, 'dpkg.log')]);
      const logs = await readPackageLogs(dir, new Date(2026, 0, 1));
      expect(logs.unreadable).toEqual([
        `${join(dir, 'dpkg.log')}: not a regular file (a FIFO)`,
        `${join(dir, 'dpkg.log.2.gz')}: larger than 64 MiB decompressed, the limit for a package log`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('finds nothing, without error, where there are no logs', async () => {
    expect(await readPackageLogs(join(logDir, 'nowhere'), new Date(0))).toEqual({
      changes: [],
      files: [],
      unreadable: [],
    });
  });
});
