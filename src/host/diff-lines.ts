export type DiffOp = { kind: 'equal' | 'delete' | 'insert'; line: string };

/**
 * How far one bisection searches (edit steps from each end) before it gives up and replaces its whole
 * range: a file rewritten end to end gets "all removed, all added", which is also what a reader wants.
 */
export const DIFF_MAX_COST = 2000;

type Task = { kind: 'range'; aLo: number; aHi: number; bLo: number; bHi: number } | DiffOp;

/**
 * The middle of the shortest edit script of a[aLo..aHi) and b[bLo..bHi) (Myers, "An O(ND) Difference
 * Algorithm", 1986, section 4b, in the form of diff-match-patch's bisect): forward and reverse searches
 * advance one edit step at a time in two arrays of O(N + M) entries until their paths overlap, and the
 * overlap splits the problem in two. Undefined when no overlap is found within `maxCost` steps.
 */
function bisect(
  a: Int32Array,
  b: Int32Array,
  range: { aLo: number; aHi: number; bLo: number; bHi: number },
  maxCost: number,
): { x: number; y: number } | undefined {
  const { aLo, bLo } = range;
  const n = range.aHi - aLo;
  const m = range.bHi - bLo;
  const maxD = Math.min(Math.ceil((n + m) / 2), maxCost);
  const offset = maxD + 1;
  const length = 2 * maxD + 3;
  const forward = new Int32Array(length).fill(-1);
  const reverse = new Int32Array(length).fill(-1);
  forward[offset + 1] = 0;
  reverse[offset + 1] = 0;
  const delta = n - m;
  // With an odd delta the forward search meets the reverse one's previous round, else the reverse meets it.
  const front = delta % 2 !== 0;
  let k1start = 0;
  let k1end = 0;
  let k2start = 0;
  let k2end = 0;
  const at = (array: Int32Array, index: number) => array[index] ?? -1;
  for (let d = 0; d < maxD; d += 1) {
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const k1Offset = offset + k1;
      let x1 =
        k1 === -d || (k1 !== d && at(forward, k1Offset - 1) < at(forward, k1Offset + 1))
          ? at(forward, k1Offset + 1)
          : at(forward, k1Offset - 1) + 1;
      let y1 = x1 - k1;
      while (x1 < n && y1 < m && a[aLo + x1] === b[bLo + y1]) {
        x1 += 1;
        y1 += 1;
      }
      forward[k1Offset] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (front) {
        const k2Offset = offset + delta - k1;
        if (k2Offset >= 0 && k2Offset < length && at(reverse, k2Offset) !== -1) {
          if (x1 >= n - at(reverse, k2Offset)) return { x: x1, y: y1 };
        }
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const k2Offset = offset + k2;
      let x2 =
        k2 === -d || (k2 !== d && at(reverse, k2Offset - 1) < at(reverse, k2Offset + 1))
          ? at(reverse, k2Offset + 1)
          : at(reverse, k2Offset - 1) + 1;
      let y2 = x2 - k2;
      while (x2 < n && y2 < m && a[aLo + n - x2 - 1] === b[bLo + m - y2 - 1]) {
        x2 += 1;
        y2 += 1;
      }
      reverse[k2Offset] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!front) {
        const k1Offset = offset + delta - k2;
        if (k1Offset >= 0 && k1Offset < length && at(forward, k1Offset) !== -1) {
          const x1 = at(forward, k1Offset);
          const y1 = offset + x1 - k1Offset;
          if (x1 >= n - x2) return { x: x1, y: y1 };
        }
      }
    }
  }
  return undefined;
}

/**
 * A shortest edit script between two line arrays in linear space: lines are numbered so comparisons are
 * integer ones, common prefixes and suffixes are taken off each range, and the rest is split at Myers'
 * middle snake (bisect) until ranges are trivial. The work is O((N + M) * D); a range whose bisection
 * passes `maxCost` steps is given as deleted and inserted whole, which bounds the time for unrelated texts.
 */
export function diffLines(a: readonly string[], b: readonly string[], maxCost = DIFF_MAX_COST): DiffOp[] {
  const ids = new Map<string, number>();
  const number = (lines: readonly string[]) =>
    Int32Array.from(lines, (line) => {
      let id = ids.get(line);
      if (id === undefined) {
        id = ids.size;
        ids.set(line, id);
      }
      return id;
    });
  const left = number(a);
  const right = number(b);
  const ops: DiffOp[] = [];
  // Tasks are popped last-in first-out: pushed in reverse, so ops come out in order without recursion.
  const stack: Task[] = [{ kind: 'range', aLo: 0, aHi: a.length, bLo: 0, bHi: b.length }];
  while (stack.length > 0) {
    const task = stack.pop() as Task;
    if (task.kind !== 'range') {
      ops.push(task);
      continue;
    }
    let { aLo, aHi, bLo, bHi } = task;
    const prefix: DiffOp[] = [];
    while (aLo < aHi && bLo < bHi && left[aLo] === right[bLo]) {
      prefix.push({ kind: 'equal', line: a[aLo] as string });
      aLo += 1;
      bLo += 1;
    }
    const suffix: DiffOp[] = [];
    while (aHi > aLo && bHi > bLo && left[aHi - 1] === right[bHi - 1]) {
      suffix.push({ kind: 'equal', line: a[aHi - 1] as string });
      aHi -= 1;
      bHi -= 1;
    }
    // suffix holds the lines last first, which is the order the stack wants them pushed in.
    for (const op of suffix) stack.push(op);
    const split = aLo < aHi && bLo < bHi ? bisect(left, right, { aLo, aHi, bLo, bHi }, maxCost) : undefined;
    if (split !== undefined) {
      stack.push({ kind: 'range', aLo: aLo + split.x, aHi, bLo: bLo + split.y, bHi });
      stack.push({ kind: 'range', aLo, aHi: aLo + split.x, bLo, bHi: bLo + split.y });
    } else {
      for (let j = bHi - 1; j >= bLo; j -= 1) stack.push({ kind: 'insert', line: b[j] as string });
      for (let i = aHi - 1; i >= aLo; i -= 1) stack.push({ kind: 'delete', line: a[i] as string });
    }
    for (let i = prefix.length - 1; i >= 0; i -= 1) stack.push(prefix[i] as DiffOp);
  }
  return ops;
}
