import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigTree } from './collect-nginx-tree.js';
import { baselineFile, createBaseline, loadBaseline, saveBaseline } from './config-baseline.js';
import { capDiff, detectDrift, MAX_DIFF_LINES } from './detect-drift.js';
import { hashConfigTree } from './hash-config-tree.js';

const tree = (files: Record<string, string>): ConfigTree => ({
  mainPath: '/etc/nginx/nginx.conf',
  files: Object.entries(files).map(([path, content]) => ({ path, content })),
  unreadable: [],
  parseErrors: [],
});
const accepted = new Date('2026-11-20T06:00:00Z');
const original = tree({
  '/etc/nginx/nginx.conf': 'http { include /etc/nginx/conf.d/*.conf; }\n',
  '/etc/nginx/conf.d/app.conf': 'upstream app {\n  server 127.0.0.1:9000;\n}\n',
  '/etc/nginx/conf.d/old.conf': 'map $x $y {}\n',
});

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('hashConfigTree', () => {
  it('changes with any content or path, not with include order', () => {
    const reordered = { ...original, files: [...original.files].reverse() };
    expect(hashConfigTree(reordered)).toBe(hashConfigTree(original));
    const renamed = tree({ '/etc/nginx/nginx.conf': original.files[0]?.content ?? '' });
    expect(hashConfigTree(renamed)).not.toBe(hashConfigTree(original));
  });
});

describe('detectDrift', () => {
  it('is ok without a baseline and says how to accept one', () => {
    const report = detectDrift(original, undefined);
    expect(report.verdict).toBe('ok');
    expect(report.summary).toContain("run 'frontdoor host baseline'");
  });

  it('is ok when the tree matches the baseline', () => {
    expect(detectDrift(original, createBaseline(original, accepted)).verdict).toBe('ok');
  });

  it('lists changed, added and removed files with a unified diff (incident 002)', () => {
    const edited = tree({
      '/etc/nginx/nginx.conf': 'http { include /etc/nginx/conf.d/*.conf; }\n',
      '/etc/nginx/conf.d/app.conf': 'upstream app {\n  server 127.0.0.1:9001;\n}\n',
      '/etc/nginx/conf.d/new.conf': 'server { listen 8080; }\n',
    });
    const report = detectDrift(edited, createBaseline(original, accepted));
    expect(report.verdict).toBe('config_drift');
    expect(report.changed).toEqual(['/etc/nginx/conf.d/app.conf']);
    expect(report.added).toEqual(['/etc/nginx/conf.d/new.conf']);
    expect(report.removed).toEqual(['/etc/nginx/conf.d/old.conf']);
    expect(report.diff).toContain(
      '--- a/etc/nginx/conf.d/app.conf\n+++ b/etc/nginx/conf.d/app.conf\n@@ -1,3 +1,3 @@\n upstream app {\n-  server 127.0.0.1:9000;\n+  server 127.0.0.1:9001;\n }\n',
    );
    expect(report.diff).toContain(
      '--- /dev/null\n+++ b/etc/nginx/conf.d/new.conf\n@@ -0,0 +1 @@\n+server { listen 8080; }\n',
    );
    expect(report.diff).toContain(
      '--- a/etc/nginx/conf.d/old.conf\n+++ /dev/null\n@@ -1 +0,0 @@\n-map $x $y {}\n',
    );
    expect(report.summary).toContain('(1 changed, 1 added, 1 removed)');
  });
});

describe('a large drift', () => {
  it('diffs a rewritten 20,000-line include and shows at most MAX_DIFF_LINES lines of it', () => {
    const lines = (word: string) => Array.from({ length: 20_000 }, (_, i) => `${word} ${i};\n`).join('');
    const before = tree({
      '/etc/nginx/nginx.conf': 'include big.conf;\n',
      '/etc/nginx/big.conf': lines('old'),
    });
    const after = tree({
      '/etc/nginx/nginx.conf': 'include big.conf;\n',
      '/etc/nginx/big.conf': lines('new'),
    });
    const report = detectDrift(after, createBaseline(before, accepted));
    const shown = report.diff.trimEnd().split('\n');
    expect(shown).toHaveLength(MAX_DIFF_LINES + 1);
    expect(shown.at(-1)).toBe(
      `[diff cut at ${MAX_DIFF_LINES} lines: ${40_003 - MAX_DIFF_LINES} more in 1 file; compare the files themselves]`,
    );
    expect(report.changed).toEqual(['/etc/nginx/big.conf']);
  });

  it('keeps whole diffs under the cap and cuts across files', () => {
    expect(capDiff(['a\nb\n', 'c\n'], 5)).toBe('a\nb\nc\n');
    expect(capDiff(['a\nb\n', 'c\nd\ne\n', 'f\n'], 3)).toBe(
      'a\nb\nc\n[diff cut at 3 lines: 3 more in 2 files; compare the files themselves]\n',
    );
  });
});

describe('baseline store', () => {
  it('round-trips through the state directory, creating it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-state-'));
    dirs.push(dir);
    const stateDir = join(dir, 'nested/state');
    expect(await loadBaseline(stateDir, original.mainPath)).toBeUndefined();
    const path = await saveBaseline(stateDir, createBaseline(original, accepted));
    expect(path).toBe(baselineFile(stateDir, original.mainPath));
    const loaded = await loadBaseline(stateDir, original.mainPath);
    expect(loaded?.sha256).toBe(hashConfigTree(original));
    expect(loaded?.acceptedAt).toBe('2026-11-20T06:00:00.000Z');
    expect(loaded?.files[1]?.content).toBe(original.files[1]?.content);
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(1);
  });

  it('names a corrupt baseline file and how to replace it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-state-'));
    dirs.push(dir);
    await writeFile(baselineFile(dir, original.mainPath), '{ nope');
    await expect(loadBaseline(dir, original.mainPath)).rejects.toMatchObject({
      code: 'FD_ERR_IO',
      message: expect.stringContaining("accept a new one with 'frontdoor host baseline'"),
    });
  });

  it.each([
    ['a truncated file', '{ "version": 1,\n "files": [', 'not JSON'],
    [
      'entries of the wrong shape',
      '{"version":1,"mainPath":"/m","sha256":"x","acceptedAt":"t","files":[null]}',
      'not a frontdoor baseline at files.0',
    ],
    ['another version', '{"version":2,"files":[]}', 'not a frontdoor baseline at version'],
  ])('refuses %s in one line naming the file, never crashing later', async (_what, text, why) => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-state-'));
    dirs.push(dir);
    const path = baselineFile(dir, original.mainPath);
    await writeFile(path, text);
    await expect(loadBaseline(dir, original.mainPath)).rejects.toMatchObject({
      code: 'FD_ERR_IO',
      message: `baseline ${path} is unreadable (${why}): accept a new one with 'frontdoor host baseline'`,
    });
  });

  it('refuses a baseline that is a FIFO or a device instead of blocking on it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-state-'));
    dirs.push(dir);
    const path = baselineFile(dir, original.mainPath);
    execFileSync('mkfifo', [path]);
    await expect(loadBaseline(dir, original.mainPath)).rejects.toMatchObject({
      code: 'FD_ERR_IO',
      message: `cannot read baseline ${path}: not a regular file (a FIFO)`,
    });
    await rm(path);
    await symlink('/dev/zero', path);
    await expect(loadBaseline(dir, original.mainPath)).rejects.toMatchObject({
      message: `cannot read baseline ${path}: not a regular file (a character device)`,
    });
  });

  it('refuses a state directory under /proc in one line instead of spinning in mkdir', async () => {
    await expect(
      saveBaseline('/proc/frontdoor/state', createBaseline(original, accepted)),
    ).rejects.toMatchObject({
      code: 'FD_ERR_IO',
      message:
        'cannot keep baselines in /proc/frontdoor/state: /proc is a kernel filesystem that stores no files (use --state-dir)',
    });
  });

  it('reports an unwritable state directory as FD_ERR_IO', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-state-'));
    dirs.push(dir);
    await writeFile(join(dir, 'file'), '');
    await expect(saveBaseline(join(dir, 'file'), createBaseline(original, accepted))).rejects.toMatchObject({
      code: 'FD_ERR_IO',
    });
  });
});
