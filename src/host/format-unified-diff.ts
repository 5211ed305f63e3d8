import { type DiffOp, diffLines } from './diff-lines.js';

/**
 * A unified diff (diff -u format) of two texts: "--- old", "+++ new", then "@@ -l,s +l,s @@" hunks with
 * `context` lines around each change. Empty string when the texts are equal.
 */
export function formatUnifiedDiff(
  oldName: string,
  newName: string,
  oldText: string,
  newText: string,
  context = 3,
): string {
  const ops = diffLines(splitLines(oldText), splitLines(newText));
  if (ops.every((op) => op.kind === 'equal')) return '';
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  // Line numbers are counted once, walking forward from one hunk to the next.
  const position = { index: 0, oldLine: 1, newLine: 1 };
  for (const hunk of groupHunks(ops, context)) {
    for (; position.index < hunk.start; position.index += 1) {
      const op = ops[position.index] as DiffOp;
      if (op.kind !== 'insert') position.oldLine += 1;
      if (op.kind !== 'delete') position.newLine += 1;
    }
    for (const line of formatHunk(ops, hunk, position.oldLine, position.newLine)) out.push(line);
  }
  return `${out.join('\n')}\n`;
}

/** Lines keep their terminator so that a missing final newline counts as a difference. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

interface Hunk {
  start: number;
  end: number;
}

function groupHunks(ops: readonly DiffOp[], context: number): Hunk[] {
  const hunks: Hunk[] = [];
  ops.forEach((op, index) => {
    if (op.kind === 'equal') return;
    const start = Math.max(0, index - context);
    const end = Math.min(ops.length, index + context + 1);
    const last = hunks.at(-1);
    if (last !== undefined && start <= last.end) last.end = Math.max(last.end, end);
    else hunks.push({ start, end });
  });
  return hunks;
}

function formatHunk(ops: readonly DiffOp[], hunk: Hunk, oldLine: number, newLine: number): string[] {
  const body = ops.slice(hunk.start, hunk.end);
  const oldCount = body.filter((op) => op.kind !== 'insert').length;
  const newCount = body.filter((op) => op.kind !== 'delete').length;
  const lines = [`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`];
  for (const op of body) {
    const sign = op.kind === 'equal' ? ' ' : op.kind === 'delete' ? '-' : '+';
    if (op.line.endsWith('\n')) lines.push(`${sign}${op.line.slice(0, -1)}`);
    else lines.push(`${sign}${op.line}`, '\\ No newline at end of file');
  }
  return lines;
}

/** GNU diff style: a one-line range omits its count; an empty range names the line before it. */
function range(start: number, count: number): string {
  if (count === 1) return String(start);
  return `${count === 0 ? start - 1 : start},${count}`;
}
