import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
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
      const pair = findPair(doc, node, segment);
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

/**
 * The pair holding `segment` in a map: its own, or else one a merge key (`<<: *base`, `<<: [*a, *b]`)
 * brings in, found in the block that defines it, so a merged value is reported where it is written.
 */
function findPair(doc: Document, map: YAMLMap, segment: PathSegment, depth = 0): Pair | undefined {
  const own = map.items.find(
    (item) =>
      isScalar(item.key) && typeof item.key.value !== 'symbol' && String(item.key.value) === String(segment),
  );
  if (own !== undefined || depth > 8) return own;
  for (const item of map.items) {
    if (!isScalar(item.key) || typeof item.key.value !== 'symbol') continue;
    const sources = isSeq(item.value) ? item.value.items : [item.value];
    for (const source of sources) {
      const merged = isAlias(source) ? source.resolve(doc) : source;
      if (!isMap(merged)) continue;
      const found = findPair(doc, merged, segment, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
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
