import { describe, expect, it } from 'vitest';
import { type DiffOp, diffLines } from './diff-lines.js';

/** The minimal number of inserted plus deleted lines (LCS by dynamic programming): the reference. */
function editDistance(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i += 1) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j += 1) {
      current[j] =
        a[i - 1] === b[j - 1] ? (previous[j - 1] ?? 0) + 1 : Math.max(previous[j] ?? 0, current[j - 1] ?? 0);
    }
    previous = current;
  }
  return a.length + b.length - 2 * (previous[b.length] ?? 0);
}

/** Applying the script to `a` must give `b`, and its equal and deleted lines must be `a`. */
function check(a: string[], b: string[], ops: DiffOp[]): void {
  expect(ops.filter((op) => op.kind !== 'insert').map((op) => op.line)).toEqual(a);
  expect(ops.filter((op) => op.kind !== 'delete').map((op) => op.line)).toEqual(b);
}

function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('diffLines', () => {
  it('gives a minimal script for small inputs, in order', () => {
    const ops = diffLines(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e']);
    expect(ops.map((op) => `${op.kind[0]}${op.line}`)).toEqual(['ea', 'db', 'ix', 'ec', 'ed', 'ie']);
    expect(diffLines([], [])).toEqual([]);
    expect(diffLines(['a'], []).map((op) => op.kind)).toEqual(['delete']);
    expect(diffLines([], ['a']).map((op) => op.kind)).toEqual(['insert']);
  });

  it('is minimal and correct on random edits (checked against the LCS)', () => {
    const random = pseudoRandom(7);
    for (let round = 0; round < 200; round += 1) {
      const alphabet = 2 + Math.floor(random() * 5);
      const line = () => String.fromCharCode(97 + Math.floor(random() * alphabet));
      const a = Array.from({ length: Math.floor(random() * 30) }, line);
      const b = Array.from({ length: Math.floor(random() * 30) }, line);
      const ops = diffLines(a, b);
      check(a, b, ops);
      expect(ops.filter((op) => op.kind !== 'equal')).toHaveLength(editDistance(a, b));
    }
  });

  it('diffs a 20,000-line include with scattered edits in linear space', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `server_name host${i}.example.com;\n`);
    const b = a.map((text, i) => (i % 1000 === 0 ? `# changed ${i}\n` : text));
    const ops = diffLines(a, b);
    check(a, b, ops);
    expect(ops.filter((op) => op.kind === 'delete')).toHaveLength(20);
  });

  it('gives up on a range past its cost and replaces it whole, still a correct script', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `old ${i}\n`);
    const b = Array.from({ length: 20_000 }, (_, i) => `new ${i}\n`);
    const ops = diffLines(a, b);
    check(a, b, ops);
    const interleaved = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 'x' : `a${i}`));
    const other = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 'x' : `b${i}`));
    check(interleaved, other, diffLines(interleaved, other, 10));
  });
});
