import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ConfigIssue, PathSegment } from './config-issue.js';

/**
 * Finds keys a plain object cannot hold faithfully: duplicates (YAML forbids them, and the last one would
 * silently win) and non-scalar keys. The document is parsed with uniqueKeys off so these can be reported
 * with their path. `__proto__` is refused too: a plain object cannot hold it as a key. `lineOf` turns an offset into a line number for "first at line N".
 */
export function findKeyProblems(doc: Document, lineOf: (offset: number) => number): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (isAlias(node)) return; // the anchored node is visited where it is defined
    if (isSeq(node)) {
      node.items.forEach((item, index) => {
        visit(item, [...path, index]);
      });
      return;
    }
    if (!isMap(node)) return;
    const firstAt = new Map<string, number>();
    for (const pair of node.items) {
      if (!isScalar(pair.key) || pair.key.value === null || typeof pair.key.value === 'object') {
        issues.push({
          path,
          message: 'keys must be plain names or numbers',
          offset: (pair.key as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0,
        });
        continue;
      }
      const key = String(pair.key.value);
      const start = pair.key.range?.[0] ?? 0;
      const first = firstAt.get(key);
      if (key === '__proto__') {
        // Turning this into a plain object would set the prototype instead of adding an entry.
        issues.push({
          path: [...path, key],
          message: "'__proto__' cannot be used as a key",
          at: 'key',
          offset: start,
        });
      } else if (first !== undefined) {
        issues.push({
          path: [...path, key],
          message: `duplicate key (first at line ${lineOf(first)})`,
          at: 'key',
          offset: start,
        });
      } else {
        firstAt.set(key, start);
      }
      visit(pair.value, [...path, key]);
    }
  };
  visit(doc.contents, []);
  return issues;
}
