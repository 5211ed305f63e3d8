import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findBinary } from './require-binary.js';

const dirs: string[] = [];

function makeDir(executables: string[], plainFiles: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'frontdoor-bin-'));
  dirs.push(dir);
  for (const name of executables) {
    writeFileSync(join(dir, name), '#!/bin/sh\n');
    chmodSync(join(dir, name), 0o755);
  }
  for (const name of plainFiles) writeFileSync(join(dir, name), '');
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('findBinary', () => {
  it('returns the first executable match in search order', () => {
    const first = makeDir(['haproxy']);
    const second = makeDir(['haproxy', 'nginx']);
    expect(findBinary('haproxy', [first, second])).toBe(join(first, 'haproxy'));
    expect(findBinary('nginx', [first, second])).toBe(join(second, 'nginx'));
  });

  it('ignores files that are not executable and reports absence as undefined', () => {
    const dir = makeDir([], ['nginx']);
    expect(findBinary('nginx', [dir, '/nonexistent-frontdoor-dir'])).toBeUndefined();
  });

  it('finds the highest versioned php-fpm, comparing versions numerically', () => {
    const dir = makeDir(['php-fpm7.4', 'php-fpm8.2', 'php-fpm8.10', 'php-fpm-helper']);
    expect(findBinary('php-fpm', [dir])).toBe(join(dir, 'php-fpm8.10'));
  });

  it('prefers an unversioned php-fpm in the same directory', () => {
    const dir = makeDir(['php-fpm', 'php-fpm8.2']);
    expect(findBinary('php-fpm', [dir])).toBe(join(dir, 'php-fpm'));
  });

  it('finds the newest PostgreSQL server under the Debian library directory, comparing versions numerically', () => {
    const lib = makeDir([]);
    for (const version of ['9', '15', '13']) {
      const bin = join(lib, version, 'bin');
      mkdirSync(bin, { recursive: true });
      writeFileSync(join(bin, 'postgres'), '#!/bin/sh\n');
      chmodSync(join(bin, 'postgres'), 0o755);
    }
    mkdirSync(join(lib, '16', 'bin'), { recursive: true });
    expect(findBinary('postgres', [], lib)).toBe(join(lib, '15', 'bin', 'postgres'));
    expect(findBinary('postgres', [], join(lib, 'none'))).toBeUndefined();
  });
});
