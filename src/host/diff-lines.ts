export type DiffOp = { kind: 'equal' | 'delete' | 'insert'; line: string };

/**
 * Shortest edit script between two line arrays (Myers, "An O(ND) Difference Algorithm", 1986):
 * greedy forward passes recording each round's furthest-reaching x per diagonal, then a backtrack.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  const offset = n + m + 1;
  const v = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  let done = n === 0 && m === 0;
  for (let d = 0; !done && d <= n + m; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const round = trace[d] ?? v;
    const k = x - y;
    const down = k === -d || (k !== d && (round[offset + k - 1] ?? 0) < (round[offset + k + 1] ?? 0));
    const previousK = down ? k + 1 : k - 1;
    const previousX = round[offset + previousK] ?? 0;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      ops.push({ kind: 'equal', line: a[--x] ?? '' });
      y--;
    }
    if (d > 0) {
      if (x === previousX) ops.push({ kind: 'insert', line: b[--y] ?? '' });
      else ops.push({ kind: 'delete', line: a[--x] ?? '' });
    }
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: 'equal', line: a[--x] ?? '' });
    y--;
  }
  return ops.reverse();
}
