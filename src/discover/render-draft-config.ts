import { Document, isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import { buildFrontdoorConfig, type DraftComment } from './build-frontdoor-config.js';
import type { NginxInventory } from './nginx/nginx-inventory.js';

/** Each map's pairs by key, built on first use: a draft has a comment per site. */
type PairIndex = WeakMap<YAMLMap, Map<unknown, Pair>>;

function pairsOf(map: YAMLMap, index: PairIndex): Map<unknown, Pair> {
  let pairs = index.get(map);
  if (pairs === undefined) {
    pairs = new Map();
    for (const item of map.items) {
      if (isScalar(item.key) && !pairs.has(item.key.value)) pairs.set(item.key.value, item);
    }
    index.set(map, pairs);
  }
  return pairs;
}

/**
 * The pair at `path` (a key in nested maps), if the document has one. Looked up in an index, not by scanning
 * the map's items: a scan per comment made a draft of 130,000 sites take 400 s (quadratic).
 */
function findPair(document: Document, path: string[], index: PairIndex): Pair | undefined {
  let map: unknown = document.contents;
  let pair: Pair | undefined;
  for (const key of path) {
    if (!isMap(map)) return undefined;
    pair = pairsOf(map as YAMLMap, index).get(key);
    map = pair?.value;
  }
  return pair;
}

function attach(document: Document, comment: DraftComment, index: PairIndex): void {
  const pair = findPair(document, comment.path, index);
  if (pair === undefined) return;
  const text = ` ${comment.text}`;
  if (comment.inline === true && isScalar(pair.value)) {
    pair.value.comment = text;
    return;
  }
  if (isScalar(pair.key)) {
    pair.key.commentBefore =
      pair.key.commentBefore === undefined ? text : `${pair.key.commentBefore}\n${text}`;
  }
}

/** The drafted frontdoor configuration as YAML, with a header saying where it came from and what to edit. */
export function renderDraftConfig(inventory: NginxInventory): string {
  const draft = buildFrontdoorConfig(inventory);
  const header = [
    `# frontdoor configuration drafted from ${inventory.mainFile} by 'frontdoor discover nginx'.`,
    '# Origins of wildcard listens point at this box over loopback; use its public address to probe from elsewhere.',
    '# Wildcard and regex server names cannot be probed as such: add concrete hostnames to aliases.',
    ...draft.skipped.map((reason) => `# left out ${reason}`),
    '',
  ].join('\n');
  const document = new Document(draft.document);
  const index: PairIndex = new WeakMap();
  for (const comment of draft.comments) attach(document, comment, index);
  return header + document.toString();
}
