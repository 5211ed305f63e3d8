import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * Data flows one way (config -> probe -> diagnose -> report, the rest beside it), and the watch will build
 * on these folders. An import cycle between two of them means one concern reaches back into another; this
 * test keeps the arrows pointing one way by reading every production file's relative imports.
 */

const SRC = dirname(fileURLToPath(import.meta.url));

// Static imports and re-exports (type-only ones too: a type cycle is a layering cycle) and dynamic import().
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function listSources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return listSources(path);
    const production = entry.name.endsWith('.ts') && !/\.test(-helper)?\./.test(entry.name);
    return production ? [path] : [];
  });
}

/** Every production file -> the files it imports (relative specifiers only, `.js` read as `.ts`). */
function readImportGraph(root: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of listSources(root)) {
    const text = readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (specifier !== undefined) targets.add(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
    graph.set(file, targets);
  }
  return graph;
}

/** "diagnose" for src/diagnose/rules/x.ts; a file directly under src is its own node ("errors.ts"). */
function topLevel(root: string, file: string): string {
  return relative(root, file).split(sep)[0] ?? file;
}

/** Groups of nodes that reach each other (Tarjan's strongly connected components), larger than one. */
function findCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

function folderGraph(
  root: string,
  files: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, Set<string>> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of files) {
    const from = topLevel(root, file);
    const edges = folders.get(from) ?? new Set<string>();
    folders.set(from, edges);
    for (const target of targets) {
      const to = topLevel(root, target);
      if (to !== from) edges.add(to);
    }
  }
  return folders;
}

describe('import graph of src', () => {
  const files = readImportGraph(SRC);

  it('reads the imports it is meant to see', () => {
    // A guard against the reader silently finding nothing (a changed layout or a broken pattern).
    const check = files.get(join(SRC, 'cli', 'check-command.ts'));
    expect(check).toContain(join(SRC, 'check', 'run-check.ts'));
    const main = files.get(join(SRC, 'cli', 'run-cli.ts'));
    expect(main).toContain(join(SRC, 'cli', 'check-command.ts'));
  });

  it('has no cycle between top-level folders', () => {
    const cycles = findCycles(folderGraph(SRC, files));
    expect(cycles.map((cycle) => cycle.join(' <-> '))).toEqual([]);
  });

  it('has no cycle between files', () => {
    const cycles = findCycles(files).map((cycle) => cycle.map((file) => relative(SRC, file)).join(' <-> '));
    expect(cycles).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c']]);
  });
});
