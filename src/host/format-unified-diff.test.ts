import { describe, expect, it } from 'vitest';
import { diffLines } from './diff-lines.js';
import { formatUnifiedDiff } from './format-unified-diff.js';

/** Applies an edit script to the old lines: it must rebuild the new ones exactly. */
const rebuild = (a: string[], b: string[]) =>
  diffLines(a, b)
    .filter((op) => op.kind !== 'delete')
    .map((op) => op.line);

/** Longest common subsequence by plain dynamic programming: a minimal script keeps exactly that many lines. */
const lcsLength = (a: string[], b: string[]) => {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = table[i] as number[];
      const above = table[i - 1] as number[];
      row[j] = a[i - 1] === b[j - 1] ? (above[j - 1] ?? 0) + 1 : Math.max(above[j] ?? 0, row[j - 1] ?? 0);
    }
  }
  return table[a.length]?.[b.length] ?? 0;
};

describe('diffLines', () => {
  it.each([
    [[], []],
    [['a'], []],
    [[], ['a']],
    [
      ['a', 'b', 'c', 'a', 'b', 'b', 'a'],
      ['c', 'b', 'a', 'b', 'a', 'c'],
    ],
    [
      ['x', 'y', 'z'],
      ['x', 'y', 'z'],
    ],
    [[...'the quick brown fox'], [...'the quack brown box!']],
  ])('%j -> %j is a minimal script that rebuilds the target', (a, b) => {
    expect(rebuild(a, b)).toEqual(b);
    expect(diffLines(a, b).filter((op) => op.kind === 'equal')).toHaveLength(lcsLength(a, b));
  });

  it('finds the shortest edit (Myers paper example: 5 edits)', () => {
    const ops = diffLines([...'ABCABBA'], [...'CBABAC']);
    expect(ops.filter((op) => op.kind !== 'equal')).toHaveLength(5);
  });
});

describe('formatUnifiedDiff', () => {
  it('writes diff -u hunks with three lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nd\nE\nf\ng\nh\n';
    expect(formatUnifiedDiff('a/x.conf', 'b/x.conf', before, after)).toBe(
      '--- a/x.conf\n+++ b/x.conf\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n',
    );
  });

  it('splits distant changes into separate hunks and numbers them', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const edited = [...lines];
    edited[1] = 'changed 2';
    edited.splice(17, 1);
    const diff = formatUnifiedDiff('old', 'new', `${lines.join('\n')}\n`, `${edited.join('\n')}\n`);
    expect(diff.match(/^@@.*@@$/gm)).toEqual(['@@ -1,5 +1,5 @@', '@@ -15,6 +15,5 @@']);
  });

  it('uses empty ranges for whole-file additions and marks a missing final newline', () => {
    expect(formatUnifiedDiff('/dev/null', 'b/new.conf', '', 'x;\ny;')).toBe(
      '--- /dev/null\n+++ b/new.conf\n@@ -0,0 +1,2 @@\n+x;\n+y;\n\\ No newline at end of file\n',
    );
  });

  it('is empty for equal texts', () => {
    expect(formatUnifiedDiff('a', 'b', 'same\n', 'same\n')).toBe('');
  });
});
