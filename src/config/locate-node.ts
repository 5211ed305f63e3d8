import { type Document, isAlias, isMap, isNode, isScalar, isSeq, type Node } from 'yaml';
import type { PathSegment } from './config-issue.js';

/**
 * Source offset of the node a path names, for "file:line:column" messages. Walks as far as the document
 * goes: a missing key is reported at the map that should hold it. With `at: 'key'` the key of the last
 * segment is used (unknown or duplicate keys); an empty value (`url:`) is reported at its key.
 */
export function locateNode(
  doc: Document,
  path: readonly PathSegment[],
  at: 'key' | 'value' = 'value',
): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [index, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    const isLast = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) return offset;
      const keyStart = rangeStart(pair.key);
      if (isLast && (at === 'key' || isEmpty(pair.value))) return keyStart ?? offset;
      node = pair.value;
      offset = rangeStart(node) ?? keyStart ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) return offset;
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) ? (node as Node).range?.[0] : undefined;
}

function isEmpty(node: unknown): boolean {
  if (node === null || node === undefined) return true;
  if (!isScalar(node) || node.value !== null) return false;
  const range = node.range;
  return range !== null && range !== undefined && range[0] === range[1];
}
